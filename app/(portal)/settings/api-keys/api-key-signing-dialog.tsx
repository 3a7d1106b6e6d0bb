'use client';

import { useTranslations } from 'next-intl';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useErrorMessage, useValidationMessage } from '@/components/form/use-error-message';
import { disableApiKeySigningAction } from '@/lib/actions/disable-api-key-signing';
import { enableApiKeySigningAction } from '@/lib/actions/enable-api-key-signing';
import type { ApiKeyView } from '@/lib/data/api-keys';

export type SigningChange = 'enable' | 'rotate' | 'disable';

export type ApiKeySigningDialogProps = {
  apiKey: ApiKeyView;
  change: SigningChange;
  onClose: () => void;
  // With the new secret after 'enable' and 'rotate' (shown once by the caller), without after 'disable'.
  onChanged: (secret: string | null) => void;
};

// Confirmation before changing a key's request signing: each change can cut off integrations at once
// (unsigned senders when turned on, senders using the old secret when rotated).
export function ApiKeySigningDialog({ apiKey, change, onClose, onChanged }: ApiKeySigningDialogProps) {
  const t = useTranslations(`apiKeys.signing.${change}`);
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
        const result =
          change === 'disable'
            ? await disableApiKeySigningAction({ id: apiKey.id })
            : await enableApiKeySigningAction({ id: apiKey.id });
        if (result.ok) {
          onChanged(result.data ? result.data.secret : null);
          return null;
        }
        // A malformed id comes back as a field error (a `validation` key); anything else as an `errors` key.
        return validationMessage(result.fieldErrors?.id) ?? errorMessage(result.error, result.errorParams);
      }}
    />
  );
}
