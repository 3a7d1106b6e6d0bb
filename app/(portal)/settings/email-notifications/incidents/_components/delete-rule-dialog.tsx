'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { deleteRuleAction } from '@/lib/actions/delete-rule';

export type DeleteRuleDialogProps = {
  rule: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
};

// <DeleteRuleDialog rule open onOpenChange onDeleted />: asks before deleting; deletion cannot be undone.
export function DeleteRuleDialog({ rule, open, onOpenChange, onDeleted }: DeleteRuleDialogProps) {
  const t = useTranslations('rules.delete');
  return (
    <ConfirmActionDialog
      open={open}
      modalType="alert"
      title={t('title')}
      body={t('body', { name: rule.name })}
      confirmLabel={t('confirm')}
      pendingLabel={t('deleting')}
      cancelLabel={t('cancel')}
      onCancel={() => onOpenChange(false)}
      action={() => deleteRuleAction({ id: rule.id })}
      onDone={onDeleted}
    />
  );
}
