'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { removeUserAction } from '@/lib/actions/remove-user';
import type { UserView } from '@/lib/data/users';
import { useErrorMessage } from '@/components/form/use-error-message';

export type RemoveUserDialogProps = { user: UserView; onClose: () => void; onRemoved: () => void };

// Confirmation before removing a user. The server refuses the caller and the last Global Administrator.
export function RemoveUserDialog({ user, onClose, onRemoved }: RemoveUserDialogProps) {
  const t = useTranslations('users.remove');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();

  return (
    <ConfirmDialog
      open
      title={t('title')}
      body={t('body', { name: user.name, email: user.email })}
      confirmLabel={t('confirm')}
      pendingLabel={common('removing')}
      cancelLabel={common('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onCancel={onClose}
      onConfirm={async () => {
        const result = await removeUserAction({ id: user.id });
        if (result.ok) {
          onRemoved();
          return null;
        }
        return errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
