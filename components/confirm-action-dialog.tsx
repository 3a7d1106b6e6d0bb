'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog, type ConfirmDialogProps } from '@/components/confirm-dialog';
import { useErrorMessage } from '@/components/form/use-error-message';
import type { ActionResult } from '@/lib/actions/result';

type Refusal = Extract<ActionResult<unknown>, { ok: false }>;

export type ConfirmActionDialogProps = Omit<ConfirmDialogProps, 'open' | 'onConfirm' | 'unexpectedError' | 'cancelLabel'> & {
  open?: boolean;
  cancelLabel?: string;
  // The server action to run once confirmed.
  action: () => Promise<ActionResult<unknown>>;
  onDone: () => void;
  // A message of the page's own for a refusal it knows better; undefined falls back to the errors catalog.
  refusalMessage?: (refusal: Refusal) => string | undefined;
};

// <ConfirmActionDialog title body confirmLabel action onDone onCancel />: a ConfirmDialog that runs a server
// action and shows its refusal, in the user's language, in place.
export function ConfirmActionDialog({ open = true, cancelLabel, action, onDone, refusalMessage, ...props }: ConfirmActionDialogProps) {
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  return (
    <ConfirmDialog
      {...props}
      open={open}
      cancelLabel={cancelLabel ?? common('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onConfirm={async () => {
        const result = await action();
        if (result.ok) {
          onDone();
          return null;
        }
        return refusalMessage?.(result) ?? errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
