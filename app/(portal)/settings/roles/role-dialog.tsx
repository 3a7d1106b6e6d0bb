'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { makeStyles, tokens } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { createRbacRoleAction } from '@/lib/actions/create-rbac-role';
import { updateRbacRoleAction } from '@/lib/actions/update-rbac-role';
import { RBAC_PERMISSIONS } from '@/lib/auth/permissions';
import type { RbacRoleView } from '@/lib/data/rbac-roles';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import {
  RBAC_ROLE_DESCRIPTION_MAX,
  RBAC_ROLE_NAME_MAX,
  rbacRoleSchema,
  type RbacRoleFormValues,
  type RbacRoleInput,
} from '@/lib/validation/rbac-role';

const useStyles = makeStyles({
  groups: { maxHeight: '240px', overflowY: 'auto' },
});

export type RoleDialogProps = {
  // Absent: add a new role. Present: edit this one.
  role?: RbacRoleView;
  deviceGroups: DeviceGroupOption[];
  onClose: () => void;
  onSaved: () => void;
};

// Mounted only while open (the parent renders it conditionally), so each opening starts from fresh values.
export function RoleDialog({ role, deviceGroups, onClose, onSaved }: RoleDialogProps) {
  const t = useTranslations('roles');
  const styles = useStyles();
  const { control, handleSubmit, setError, formState } = useForm<RbacRoleFormValues, unknown, RbacRoleInput>({
    resolver: zodResolver(rbacRoleSchema),
    defaultValues: {
      name: role?.name ?? '',
      description: role?.description ?? '',
      permissions: role?.permissions ?? [],
      deviceGroupIds: role?.deviceGroups.map((group) => group.id) ?? [],
    },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    const call = () => (role ? updateRbacRoleAction({ id: role.id, ...input }) : createRbacRoleAction(input));
    await callAction<unknown>(call, () => onSaved());
  });

  return (
    <FormDialog
      title={role ? t('dialog.editTitle', { name: role.name }) : t('dialog.addTitle')}
      submitLabel={role ? t('dialog.submitEdit') : t('dialog.submitAdd')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <TextField
        control={control}
        name="name"
        label={t('dialog.name')}
        required
        maxLength={RBAC_ROLE_NAME_MAX}
        autoComplete="off"
      />
      <TextField
        control={control}
        name="description"
        label={t('dialog.description')}
        maxLength={RBAC_ROLE_DESCRIPTION_MAX}
        autoComplete="off"
      />
      <CheckboxListField
        control={control}
        name="permissions"
        label={t('dialog.permissions')}
        hint={t('dialog.permissionsHint')}
        required
        options={RBAC_PERMISSIONS.map((permission) => ({ value: permission, label: t(`permissions.${permission}`) }))}
      />
      <CheckboxListField
        control={control}
        name="deviceGroupIds"
        label={t('dialog.deviceGroups')}
        hint={t('dialog.deviceGroupsHint')}
        required
        options={deviceGroups.map((group) => ({ value: group.id, label: group.name }))}
        emptyText={t('dialog.noDeviceGroups')}
        className={styles.groups}
      />
    </FormDialog>
  );
}
