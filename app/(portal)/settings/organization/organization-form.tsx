'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { Field, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { FormPage } from '@/components/form-page';
import { SelectField } from '@/components/form/select-field';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { updateTenantSettingsAction } from '@/lib/actions/update-tenant-settings';
import { LANGUAGES } from '@/lib/i18n/languages';
import { TENANT_NAME_MAX } from '@/lib/validation/tenant';
import {
  tenantSettingsSchema,
  type TenantSettingsFormValues,
  type TenantSettingsInput,
} from '@/lib/validation/tenant-settings';
import { AddressCapField } from './address-cap-field';
import { PermissionsModelField } from './permissions-model-field';

// Settings → Organization: the organization's name, default language, time zone, per-address email limit
// and permissions model, and its
// Microsoft Entra tenant id, shown but not editable (only the deployment's operator sets it). Only Global
// Administrators reach it.
export function OrganizationForm({
  settings,
  microsoftTenantId,
  timeZones,
}: {
  settings: TenantSettingsInput;
  microsoftTenantId: string | null;
  timeZones: string[];
}) {
  const t = useTranslations('organization');
  const languages = useTranslations('common.languages');
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { control, handleSubmit, setError, reset, formState } = useForm<TenantSettingsFormValues, unknown, TenantSettingsInput>({
    resolver: zodResolver(tenantSettingsSchema),
    defaultValues: settings,
  });
  const { formError, callAction } = useActionErrors(setError);
  // A save re-reads the settings (router.refresh): show them as stored (trimmed, lower-cased), keeping the
  // "saved" message that a remount would lose.
  useEffect(() => reset(settings), [settings, reset]);
  const model = useWatch({ control, name: 'permissionsModel' });
  const switching = model !== settings.permissionsModel;

  const onSubmit = handleSubmit(async (input) => {
    setSaved(false);
    // The action validates the form's values again.
    await callAction(
      () => updateTenantSettingsAction(input),
      () => {
        setSaved(true);
        router.refresh();
      },
    );
  });

  return (
    <FormPage
      title={t('title')}
      description={t('description')}
      success={saved ? t('saved') : null}
      formError={formError}
      onSubmit={onSubmit}
      submitLabel={t('submit')}
      submitting={formState.isSubmitting}
      width="wide"
    >
      <TextField
        control={control}
        name="name"
        label={t('name')}
        hint={t('nameHint')}
        required
        maxLength={TENANT_NAME_MAX}
        autoComplete="organization"
      />
      <Field label={t('microsoftTenantId')} hint={t('microsoftTenantIdHint')}>
        {(control) => (
          <Text id={control.id} aria-describedby={control['aria-describedby']} font={microsoftTenantId ? 'monospace' : undefined}>
            {microsoftTenantId ?? t('microsoftTenantIdNotSet')}
          </Text>
        )}
      </Field>
      <SelectField
        control={control}
        name="defaultLanguage"
        label={t('defaultLanguage')}
        hint={t('defaultLanguageHint')}
        required
        options={LANGUAGES.map((language) => ({ value: language, label: languages(language) }))}
      />
      <SelectField
        control={control}
        name="timeZone"
        label={t('timeZone')}
        hint={t('timeZoneHint')}
        required
        options={timeZones.map((zone) => ({ value: zone, label: zone }))}
      />
      <AddressCapField control={control} />
      <PermissionsModelField control={control} />
      {switching ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>{t(`switchTo.${model}.title`)}</MessageBarTitle>
            {t(`switchTo.${model}.body`)}
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </FormPage>
  );
}
