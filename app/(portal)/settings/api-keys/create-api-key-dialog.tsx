'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { FormDialog } from '@/components/form-dialog';
import { createApiKeyAction } from '@/lib/actions/create-api-key';
import {
  API_KEY_NAME_MAX,
  API_KEY_SCOPES,
  createApiKeySchema,
  type CreateApiKeyFormValues,
  type CreateApiKeyInput,
} from '@/lib/validation/api-key';
import { TextField } from '@/components/form/text-field';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import type { CreatedApiKey } from './api-key-created-dialog';

export type CreateApiKeyDialogProps = { onClose: () => void; onCreated: (key: CreatedApiKey) => void };

// Mounted only while open (the parent renders it conditionally), so each opening starts empty.
export function CreateApiKeyDialog({ onClose, onCreated }: CreateApiKeyDialogProps) {
  const t = useTranslations('apiKeys.createDialog');
  const tScope = useTranslations('apiKeys.scopes');
  const { control, handleSubmit, setError, formState } = useForm<CreateApiKeyFormValues, unknown, CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: '', scopes: ['incidents:write'] },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async ({ name, scopes }) => {
    await callAction(() => createApiKeyAction({ name, scopes }), ({ key, prefix }) => onCreated({ name, key, prefix }));
  });

  return (
    <FormDialog
      title={t('title')}
      submitLabel={t('submit')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <TextField
        control={control}
        name="name"
        label={t('name')}
        hint={t('nameHint')}
        required
        maxLength={API_KEY_NAME_MAX}
        autoComplete="off"
      />
      <CheckboxListField
        control={control}
        name="scopes"
        label={t('scopes')}
        hint={t('scopesHint')}
        required
        options={API_KEY_SCOPES.map((scope) => ({ value: scope, label: tScope(scope) }))}
      />
    </FormDialog>
  );
}
