'use client';

import { useTranslations } from 'next-intl';
import { ConfirmActionDialog } from '@/components/confirm-action-dialog';
import { useValidationMessage } from '@/components/form/use-error-message';
import { revokeApiKeyAction } from '@/lib/actions/revoke-api-key';
import type { ApiKeyView } from '@/lib/data/api-keys';

export type RevokeApiKeyDialogProps = { apiKey: ApiKeyView; onClose: () => void; onRevoked: () => void };

// Confirmation before revoking: revoking cannot be undone and cuts off every integration using the key.
export function RevokeApiKeyDialog({ apiKey, onClose, onRevoked }: RevokeApiKeyDialogProps) {
  const t = useTranslations('apiKeys.revoke');
  const validationMessage = useValidationMessage();
  return (
    <ConfirmActionDialog
      modalType="alert"
      title={t('title')}
      body={t('body', { name: apiKey.name, prefix: apiKey.prefix })}
      confirmLabel={t('confirm')}
      onCancel={onClose}
      action={() => revokeApiKeyAction({ id: apiKey.id })}
      onDone={onRevoked}
      // A malformed id comes back as a field error (a `validation` key); anything else as an `errors` key.
      refusalMessage={(refusal) => validationMessage(refusal.fieldErrors?.id)}
    />
  );
}
