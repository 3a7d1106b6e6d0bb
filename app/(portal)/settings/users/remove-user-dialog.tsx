'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { removeUserAction } from '@/lib/actions/remove-user';
import type { UserView } from '@/lib/data/users';

export type RemoveUserDialogProps = { user: UserView; onClose: () => void; onRemoved: () => void };

// Confirmation before removing a user. The server refuses the caller and the last Global Administrator.
export function RemoveUserDialog({ user, onClose, onRemoved }: RemoveUserDialogProps) {
  const t = useTranslations('users.remove');
  const common = useTranslations('common.actions');
  return (
    <ConfirmActionDialog
      title={t('title')}
      body={t('body', { name: user.name, email: user.email })}
      confirmLabel={t('confirm')}
      pendingLabel={common('removing')}
      onCancel={onClose}
      action={() => removeUserAction({ id: user.id })}
      onDone={onRemoved}
    />
  );
}
