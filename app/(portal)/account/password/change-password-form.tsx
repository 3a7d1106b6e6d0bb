'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { changeOwnPasswordAction } from '@/lib/actions/change-own-password';
import {
  changeOwnPasswordSchema,
  PASSWORD_MIN_LENGTH,
  type ChangeOwnPasswordFormValues,
  type ChangeOwnPasswordInput,
} from '@/lib/validation/user';
import { FormPage } from '@/components/form-page';
// The users feature's fields and messages: this page speaks from the same catalog.
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';

const EMPTY: ChangeOwnPasswordFormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

export function ChangePasswordForm({ changed }: { changed: boolean }) {
  const t = useTranslations('users.account');
  const { control, handleSubmit, setError, reset, formState } = useForm<
    ChangeOwnPasswordFormValues,
    unknown,
    ChangeOwnPasswordInput
  >({
    resolver: zodResolver(changeOwnPasswordSchema),
    defaultValues: EMPTY,
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    // On success the action redirects back here with ?changed=1; it returns only to report a refusal.
    await callAction(() => changeOwnPasswordAction(input), () => reset(EMPTY));
  });

  return (
    <FormPage
      title={t('title')}
      description={t('description')}
      success={changed ? t('changed') : null}
      formError={formError}
      onSubmit={onSubmit}
      submitLabel={t('submit')}
      submitting={formState.isSubmitting}
      width="narrow"
    >
      <TextField
        control={control}
        name="currentPassword"
        label={t('currentPassword')}
        type="password"
        autoComplete="current-password"
        required
      />
      <TextField
        control={control}
        name="newPassword"
        label={t('newPassword')}
        hint={t('newPasswordHint', { min: PASSWORD_MIN_LENGTH })}
        type="password"
        autoComplete="new-password"
        required
      />
      <TextField
        control={control}
        name="confirmPassword"
        label={t('confirmPassword')}
        type="password"
        autoComplete="new-password"
        required
      />
    </FormPage>
  );
}
