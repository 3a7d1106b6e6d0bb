'use client';

import { useState, useTransition, type ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export type ConfirmDialogProps = {
  open: boolean;
  // 'alert' for what cannot be undone: Escape and the backdrop do not dismiss it.
  modalType?: 'modal' | 'alert';
  title: string;
  body: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  cancelLabel: string;
  onCancel: () => void;
  // Runs the change; resolves to an error message to show, or null when done.
  onConfirm: () => Promise<string | null>;
  // Shown when onConfirm itself throws (e.g. the network failed).
  unexpectedError: string;
};

// <ConfirmDialog open title body confirmLabel cancelLabel onCancel onConfirm unexpectedError />: asks before a
// destructive change, shows the server's refusal in place, and cannot be closed while the change runs.
export function ConfirmDialog(props: ConfirmDialogProps) {
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const cancel = () => {
    if (pending) return;
    setError(null);
    props.onCancel();
  };
  const confirm = () =>
    startTransition(async () => {
      setError(null);
      try {
        setError(await props.onConfirm());
      } catch {
        setError(props.unexpectedError);
      }
    });

  return (
    <Dialog
      modalType={props.modalType ?? 'modal'}
      open={props.open}
      onOpenChange={(_event, data) => (data.open ? undefined : cancel())}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text block>{props.body}</Text>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={confirm} disabledFocusable={pending}>
              {pending && props.pendingLabel ? props.pendingLabel : props.confirmLabel}
            </Button>
            <Button appearance="secondary" onClick={cancel} disabledFocusable={pending}>
              {props.cancelLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
