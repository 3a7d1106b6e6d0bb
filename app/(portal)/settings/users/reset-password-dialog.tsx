'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { Text } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { resetUserPasswordAction } from '@/lib/actions/reset-user-password';
import type { UserView } from '@/lib/data/users';
import { resetUserPasswordSchema } from '@/lib/validation/user';
import { NewPasswordField } from './new-password-field';
import { useActionErrors } from '@/components/form/use-action-errors';

type Values = z.input<typeof resetUserPasswordSchema>;

export type ResetPasswordDialogProps = { user: UserView; onClose: () => void; onReset: () => void };

// Sets a new password for someone else and signs them out everywhere.
export function ResetPasswordDialog({ user, onClose, onReset }: ResetPasswordDialogProps) {
  const t = useTranslations('users');
  const { control, handleSubmit, setError, setValue, formState } = useForm<
    Values,
    unknown,
    z.output<typeof resetUserPasswordSchema>
  >({
    resolver: zodResolver(resetUserPasswordSchema),
    defaultValues: { id: user.id, password: '' },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    await callAction(() => resetUserPasswordAction(input), () => onReset());
  });

  return (
    <FormDialog
      title={t('resetPassword.title', { name: user.name })}
      submitLabel={t('resetPassword.submit')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Text block>{t('resetPassword.body', { name: user.name })}</Text>
      <NewPasswordField control={control} setValue={setValue} label={t('resetPassword.password')} />
    </FormDialog>
  );
}
