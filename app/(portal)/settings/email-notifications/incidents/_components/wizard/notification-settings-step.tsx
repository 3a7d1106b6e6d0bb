'use client';

import { useTranslations } from 'next-intl';
import { useController, useFormContext } from 'react-hook-form';
import { Checkbox, Divider, makeStyles, tokens } from '@fluentui/react-components';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { useFieldMessage } from '../labels';
import { RULE_OPTIONS } from '../rule-summary';
import { DeviceGroupScopeField } from './device-group-scope-field';
import { EmailVolumeSection } from './email-volume-section';
import { SeverityCheckboxGroup } from './severity-checkbox-group';
import { SourcesField } from './sources-field';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  options: { display: 'flex', flexDirection: 'column' },
});

// Step 2: which incidents notify: alert severity, device group scope, sources; what the email includes; and
// how to reduce email volume.
export function NotificationSettingsStep({
  deviceGroups,
  canChooseAllDeviceGroups,
}: {
  deviceGroups: DeviceGroupOption[];
  canChooseAllDeviceGroups: boolean;
}) {
  const t = useTranslations('rules');
  const styles = useStyles();
  const fieldMessage = useFieldMessage();
  const { control } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const severities = useController({ control, name: 'severities' });

  return (
    <div className={styles.stack}>
      <SeverityCheckboxGroup
        label={t('settings.severity')}
        hint={t('settings.severityHint')}
        required
        value={severities.field.value}
        onChange={severities.field.onChange}
        onBlur={severities.field.onBlur}
        inputRef={severities.field.ref}
        error={fieldMessage(severities.fieldState.error?.message)}
      />
      <Divider />
      <DeviceGroupScopeField deviceGroups={deviceGroups} canChooseAll={canChooseAllDeviceGroups} />
      <Divider />
      <SourcesField />
      <Divider />
      <div className={styles.options}>
        {RULE_OPTIONS.map((option) => (
          <OptionCheckbox key={option} name={option} label={t(`options.${option}`)} />
        ))}
      </div>
      <Divider />
      <EmailVolumeSection />
    </div>
  );
}

function OptionCheckbox({ name, label }: { name: (typeof RULE_OPTIONS)[number]; label: string }) {
  const { control } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const { field } = useController({ control, name });
  return (
    <Checkbox
      ref={field.ref}
      name={field.name}
      label={label}
      checked={field.value}
      onChange={(_event, data) => field.onChange(data.checked === true)}
      onBlur={field.onBlur}
    />
  );
}
