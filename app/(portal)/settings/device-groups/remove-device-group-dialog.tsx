'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useErrorMessage } from '@/components/form/use-error-message';
import { deleteDeviceGroupAction } from '@/lib/actions/delete-device-group';
import type { DeviceGroupView } from '@/lib/data/rule-views';

export type RemoveDeviceGroupDialogProps = { group: DeviceGroupView; onClose: () => void; onRemoved: () => void };

// Confirmation before removing a group. The server refuses while rules use the group and names them.
export function RemoveDeviceGroupDialog({ group, onClose, onRemoved }: RemoveDeviceGroupDialogProps) {
  const t = useTranslations('deviceGroups.remove');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();

  return (
    <ConfirmDialog
      open
      title={t('title')}
      body={t('body', { name: group.name })}
      confirmLabel={t('confirm')}
      cancelLabel={common('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onCancel={onClose}
      onConfirm={async () => {
        const result = await deleteDeviceGroupAction({ id: group.id });
        if (result.ok) {
          onRemoved();
          return null;
        }
        return result.error === 'deviceGroupInUse'
          ? t('inUse', { name: group.name, rules: result.errorParams?.rules ?? group.usedByRules.join(', ') })
          : errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
