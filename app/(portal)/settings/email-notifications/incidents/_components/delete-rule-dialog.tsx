'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';
import { deleteRuleAction } from '@/lib/actions/delete-rule';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export type DeleteRuleDialogProps = {
  rule: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
};

// <DeleteRuleDialog rule open onOpenChange onDeleted />: asks before deleting; deletion cannot be undone.
export function DeleteRuleDialog({ rule, open, onOpenChange, onDeleted }: DeleteRuleDialogProps) {
  const t = useTranslations('rules.delete');
  const styles = useStyles();
  const errorMessage = useErrorMessage();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function confirm() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await deleteRuleAction({ id: rule.id });
        if (result.ok) onDeleted();
        else setError(errorMessage(result.error, result.errorParams));
      } catch {
        setError(errorMessage('unexpected'));
      }
    });
  }

  return (
    <Dialog
      modalType="alert"
      open={open}
      onOpenChange={(_event, data) => {
        if (!pending) onOpenChange(data.open);
        if (!data.open) setError(null);
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <p>{t('body', { name: rule.name })}</p>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={pending} onClick={confirm}>
              {pending ? t('deleting') : t('confirm')}
            </Button>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={pending}>{t('cancel')}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
