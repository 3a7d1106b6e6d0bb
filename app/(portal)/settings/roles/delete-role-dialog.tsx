'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { deleteRbacRoleAction } from '@/lib/actions/delete-rbac-role';
import type { RbacRoleView } from '@/lib/data/rbac-roles';

export type DeleteRoleDialogProps = { role: RbacRoleView; onClose: () => void; onDeleted: () => void };

// Confirmation before deleting a role; says how many users lose what it grants.
export function DeleteRoleDialog({ role, onClose, onDeleted }: DeleteRoleDialogProps) {
  const t = useTranslations('roles.delete');
  return (
    <ConfirmActionDialog
      title={t('title')}
      body={t('body', { name: role.name, count: role.userCount })}
      confirmLabel={t('confirm')}
      pendingLabel={t('pending')}
      onCancel={onClose}
      action={() => deleteRbacRoleAction({ id: role.id })}
      onDone={onDeleted}
    />
  );
}
