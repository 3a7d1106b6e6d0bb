'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useErrorMessage } from '@/components/form/use-error-message';
import { deleteRbacRoleAction } from '@/lib/actions/delete-rbac-role';
import type { RbacRoleView } from '@/lib/data/rbac-roles';

export type DeleteRoleDialogProps = { role: RbacRoleView; onClose: () => void; onDeleted: () => void };

// Confirmation before deleting a role; says how many users lose what it grants.
export function DeleteRoleDialog({ role, onClose, onDeleted }: DeleteRoleDialogProps) {
  const t = useTranslations('roles.delete');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();

  return (
    <ConfirmDialog
      open
      title={t('title')}
      body={t('body', { name: role.name, count: role.userCount })}
      confirmLabel={t('confirm')}
      pendingLabel={t('pending')}
      cancelLabel={common('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onCancel={onClose}
      onConfirm={async () => {
        const result = await deleteRbacRoleAction({ id: role.id });
        if (result.ok) {
          onDeleted();
          return null;
        }
        return errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
