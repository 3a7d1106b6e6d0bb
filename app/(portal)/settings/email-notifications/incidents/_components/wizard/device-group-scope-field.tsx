'use client';

import { useTranslations } from 'next-intl';
import { useController, useFormContext, useWatch } from 'react-hook-form';
import { Checkbox, Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { useFieldMessage } from '../labels';
import { CheckboxGroupField } from './checkbox-group-field';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  groups: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '240px',
    overflowY: 'auto',
    paddingInlineStart: tokens.spacingHorizontalXXL,
  },
});

// "Device group scope": all device groups, or the groups ticked in the list below. "All device groups"
// includes groups added later, so only a user who manages every group is offered it; anyone else ticks
// their own groups (the server refuses any other scope, and its message shows on the field).
export function DeviceGroupScopeField({
  deviceGroups,
  canChooseAll,
}: {
  deviceGroups: DeviceGroupOption[];
  canChooseAll: boolean;
}) {
  const t = useTranslations('rules.settings');
  const styles = useStyles();
  const fieldMessage = useFieldMessage();
  const { control, clearErrors } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const scope = useController({ control, name: 'deviceGroupScope' });
  const ids = useController({ control, name: 'deviceGroupIds' });
  const selectedIds = useWatch({ control, name: 'deviceGroupIds' });
  const idsError = fieldMessage(ids.fieldState.error?.message);
  const scopeError = fieldMessage(scope.fieldState.error?.message);
  // Still shown to a user who may not choose "all" if the rule somehow has it, so they can move off it.
  const offerScope = canChooseAll || scope.field.value === 'all';

  function toggle(id: string, checked: boolean) {
    ids.field.onChange(checked ? [...selectedIds, id] : selectedIds.filter((item) => item !== id));
  }

  return (
    <div className={styles.stack}>
      {offerScope ? (
        <Field
          label={t('deviceGroupScope')}
          validationState={scopeError ? 'error' : 'none'}
          validationMessage={scopeError}
        >
          <RadioGroup
            name={scope.field.name}
            value={scope.field.value}
            onChange={(_event, data) => {
              scope.field.onChange(data.value);
              if (data.value === 'all') clearErrors('deviceGroupIds');
            }}
          >
            <Radio ref={scope.field.ref} value="all" label={t('allDeviceGroups')} disabled={!canChooseAll} />
            <Radio value="selected" label={t('specificDeviceGroups')} />
          </RadioGroup>
        </Field>
      ) : null}
      {scope.field.value === 'selected' ? (
        <CheckboxGroupField
          label={t('deviceGroups')}
          hint={canChooseAll ? undefined : t('managedDeviceGroupsHint')}
          required
          error={idsError}
          className={styles.groups}
        >
          {deviceGroups.length === 0 ? (
            <Text>{canChooseAll ? t('noDeviceGroups') : t('noManagedDeviceGroups')}</Text>
          ) : null}
          {deviceGroups.map((group, index) => (
            <Checkbox
              key={group.id}
              ref={index === 0 ? ids.field.ref : undefined}
              label={group.name}
              checked={selectedIds.includes(group.id)}
              onChange={(_event, data) => toggle(group.id, data.checked === true)}
              onBlur={ids.field.onBlur}
            />
          ))}
        </CheckboxGroupField>
      ) : null}
    </div>
  );
}
