'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { deleteDeviceGroupAction } from '@/lib/actions/delete-device-group';
import type { DeviceGroupView } from '@/lib/data/rule-views';

export type RemoveDeviceGroupDialogProps = { group: DeviceGroupView; onClose: () => void; onRemoved: () => void };

// Confirmation before removing a group. The server refuses while rules use the group and names them.
export function RemoveDeviceGroupDialog({ group, onClose, onRemoved }: RemoveDeviceGroupDialogProps) {
  const t = useTranslations('deviceGroups.remove');
  return (
    <ConfirmActionDialog
      title={t('title')}
      body={t('body', { name: group.name })}
      confirmLabel={t('confirm')}
      onCancel={onClose}
      action={() => deleteDeviceGroupAction({ id: group.id })}
      onDone={onRemoved}
      refusalMessage={(refusal) =>
        refusal.error === 'deviceGroupInUse'
          ? t('inUse', { name: group.name, rules: refusal.errorParams?.rules ?? group.usedByRules.join(', ') })
          : undefined
      }
    />
  );
}
