'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useErrorMessage, useValidationMessage } from '@/components/form/use-error-message';
import { revokeApiKeyAction } from '@/lib/actions/revoke-api-key';
import type { ApiKeyView } from '@/lib/data/api-keys';

export type RevokeApiKeyDialogProps = { apiKey: ApiKeyView; onClose: () => void; onRevoked: () => void };

// Confirmation before revoking: revoking cannot be undone and cuts off every integration using the key.
export function RevokeApiKeyDialog({ apiKey, onClose, onRevoked }: RevokeApiKeyDialogProps) {
  const t = useTranslations('apiKeys.revoke');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const validationMessage = useValidationMessage();

  return (
    <ConfirmDialog
      open
      modalType="alert"
      title={t('title')}
      body={t('body', { name: apiKey.name, prefix: apiKey.prefix })}
      confirmLabel={t('confirm')}
      cancelLabel={common('cancel')}
      unexpectedError={errorMessage('unexpected')}
      onCancel={onClose}
      onConfirm={async () => {
        const result = await revokeApiKeyAction({ id: apiKey.id });
        if (result.ok) {
          onRevoked();
          return null;
        }
        // A malformed id comes back as a field error (a `validation` key); anything else as an `errors` key.
        return validationMessage(result.fieldErrors?.id) ?? errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
