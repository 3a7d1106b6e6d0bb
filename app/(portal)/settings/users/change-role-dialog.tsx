'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { Text } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { changeUserRoleAction } from '@/lib/actions/change-user-role';
import type { UserView } from '@/lib/data/users';
import { changeUserRoleSchema } from '@/lib/validation/user';
import { SelectField } from '@/components/form/select-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { useRoleOptions } from './user-options';

type Values = z.input<typeof changeUserRoleSchema>;

export type ChangeRoleDialogProps = { user: UserView; onClose: () => void; onChanged: () => void };

// The server refuses the caller's own role and demoting the last Global Administrator; the message shows here.
export function ChangeRoleDialog({ user, onClose, onChanged }: ChangeRoleDialogProps) {
  const t = useTranslations('users');
  const roleOptions = useRoleOptions();
  const { control, handleSubmit, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof changeUserRoleSchema>
  >({
    resolver: zodResolver(changeUserRoleSchema),
    defaultValues: { id: user.id, role: user.role },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    await callAction(() => changeUserRoleAction(input), () => onChanged());
  });

  return (
    <FormDialog
      title={t('changeRole.title', { name: user.name })}
      submitLabel={t('changeRole.submit')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Text block>{t('changeRole.body', { name: user.name })}</Text>
      <SelectField control={control} name="role" label={t('dialog.role')} required options={roleOptions} />
    </FormDialog>
  );
}
