'use client';

import type { FormEventHandler, ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export type FormDialogProps = {
  title: string;
  submitLabel: string;
  submitting: boolean;
  // The form-level message from useActionErrors, shown above the fields.
  formError: string | null;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onClose: () => void;
  children: ReactNode;
};

// <FormDialog title submitLabel submitting formError onSubmit onClose>fields</FormDialog>: a modal form with
// Cancel and a submit button that cannot be pressed twice while the action runs.
export function FormDialog({
  title,
  submitLabel,
  submitting,
  formError,
  onSubmit,
  onClose,
  children,
}: FormDialogProps) {
  const styles = useStyles();
  const common = useTranslations('common.actions');
  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
              {children}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={submitting}>
                {submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
