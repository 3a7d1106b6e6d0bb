'use client';

import { useTranslations } from 'next-intl';
import { useController, type Control } from 'react-hook-form';
import { Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import type { TenantSettingsFormValues, TenantSettingsInput } from '@/lib/validation/tenant-settings';

const useStyles = makeStyles({
  explanation: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

// "Permissions model": Basic or RBAC, with what each means, as radios bound to the organization form.
export function PermissionsModelField({ control }: { control: Control<TenantSettingsFormValues, unknown, TenantSettingsInput> }) {
  const t = useTranslations('organization.permissionsModel');
  const styles = useStyles();
  const { field } = useController({ control, name: 'permissionsModel' });

  return (
    <Field
      label={t('label')}
      required
      hint={
        <span className={styles.explanation}>
          <Text block>{t('basicExplanation')}</Text>
          <Text block>{t('rbacExplanation')}</Text>
        </span>
      }
    >
      <RadioGroup
        name={field.name}
        value={field.value}
        onChange={(_event, data) => field.onChange(data.value)}
        onBlur={field.onBlur}
      >
        <Radio ref={field.ref} value="BASIC" label={t('BASIC')} />
        <Radio value="RBAC" label={t('RBAC')} />
      </RadioGroup>
    </Field>
  );
}
