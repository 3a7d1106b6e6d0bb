'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useErrorMessage } from '@/components/form/use-error-message';
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
  const errorMessage = useErrorMessage();

  return (
    <ConfirmDialog
      open={open}
      modalType="alert"
      title={t('title')}
      body={t('body', { name: rule.name })}
      confirmLabel={t('confirm')}
      pendingLabel={t('deleting')}
      cancelLabel={t('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onCancel={() => onOpenChange(false)}
      onConfirm={async () => {
        const result = await deleteRuleAction({ id: rule.id });
        if (result.ok) {
          onDeleted();
          return null;
        }
        return errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
