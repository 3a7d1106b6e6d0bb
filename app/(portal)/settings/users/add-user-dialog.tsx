'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
import { FormDialog } from '@/components/form-dialog';
import { createUserAction } from '@/lib/actions/create-user';
import {
  createUserSchema,
  USER_NAME_MAX,
  type CreateUserFormValues,
  type CreateUserInput,
} from '@/lib/validation/user';
import { isLanguage } from '@/lib/i18n/languages';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { SelectField } from '@/components/form/select-field';
import { TextField } from '@/components/form/text-field';
import { NewPasswordField } from './new-password-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import type { RbacRoleOption } from '@/lib/data/rbac-roles';
import { useLanguageOptions, useRoleOptions } from './user-options';

export type AddUserDialogProps = {
  // The tenant's RBAC roles (Settings → Roles) the new user may start with.
  rbacRoles: RbacRoleOption[];
  onClose: () => void;
  onAdded: () => void;
};

// Mounted only while open, so a generated password lives no longer than the dialog.
export function AddUserDialog({ rbacRoles, onClose, onAdded }: AddUserDialogProps) {
  const t = useTranslations('users.dialog');
  const locale = useLocale();
  const roleOptions = useRoleOptions();
  const languageOptions = useLanguageOptions();
  const { control, handleSubmit, setError, setValue, formState } = useForm<
    CreateUserFormValues,
    unknown,
    CreateUserInput
  >({
    resolver: zodResolver(createUserSchema),
    defaultValues: {
      name: '',
      email: '',
      role: 'SECURITY_READER',
      language: isLanguage(locale) ? locale : 'en',
      password: '',
      rbacRoleIds: [],
    },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    await callAction(() => createUserAction(input), () => onAdded());
  });

  return (
    <FormDialog
      title={t('addTitle')}
      submitLabel={t('submitAdd')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <TextField
        control={control}
        name="name"
        label={t('name')}
        required
        maxLength={USER_NAME_MAX}
        autoComplete="off"
      />
      <TextField control={control} name="email" label={t('email')} type="email" required autoComplete="off" />
      <SelectField control={control} name="role" label={t('role')} required options={roleOptions} />
      <CheckboxListField
        control={control}
        name="rbacRoleIds"
        label={t('rbacRoles')}
        hint={t('rbacRolesHint')}
        options={rbacRoles.map((role) => ({ value: role.id, label: role.name }))}
        emptyText={t('noRbacRoles')}
      />
      <SelectField control={control} name="language" label={t('language')} required options={languageOptions} />
      <NewPasswordField control={control} setValue={setValue} label={t('password')} />
    </FormDialog>
  );
}
