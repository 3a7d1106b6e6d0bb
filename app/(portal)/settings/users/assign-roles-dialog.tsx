'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { setUserRbacRolesAction } from '@/lib/actions/set-user-rbac-roles';
import type { RbacRoleOption } from '@/lib/data/rbac-roles';
import type { UserView } from '@/lib/data/users';
import { setUserRbacRolesSchema } from '@/lib/validation/rbac-role';

type Values = z.input<typeof setUserRbacRolesSchema>;

export type AssignRolesDialogProps = {
  user: UserView;
  roles: RbacRoleOption[];
  rbacModel: boolean;
  onClose: () => void;
  onAssigned: () => void;
};

// The user's RBAC roles, replaced as a whole. Takes effect on the user's next request; nobody is signed out.
export function AssignRolesDialog({ user, roles, rbacModel, onClose, onAssigned }: AssignRolesDialogProps) {
  const t = useTranslations('users.assignRoles');
  const { control, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof setUserRbacRolesSchema>>({
    resolver: zodResolver(setUserRbacRolesSchema),
    defaultValues: { userId: user.id, roleIds: user.rbacRoles.map((role) => role.id) },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    await callAction(() => setUserRbacRolesAction(input), () => onAssigned());
  });

  return (
    <FormDialog
      title={t('title', { name: user.name })}
      submitLabel={t('submit')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <Text block>{t('body', { name: user.name })}</Text>
      {user.role === 'GLOBAL_ADMINISTRATOR' ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('globalAdministratorNote', { name: user.name })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {rbacModel ? null : (
        <MessageBar intent="info">
          <MessageBarBody>{t('basicModelNote')}</MessageBarBody>
        </MessageBar>
      )}
      <CheckboxListField
        control={control}
        name="roleIds"
        label={t('roles')}
        options={roles.map((role) => ({ value: role.id, label: role.name }))}
        emptyText={t('noRoles')}
      />
    </FormDialog>
  );
}
