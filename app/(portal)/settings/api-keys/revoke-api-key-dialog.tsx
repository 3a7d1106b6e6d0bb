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
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { revokeApiKeyAction } from '@/lib/actions/revoke-api-key';
import type { ApiKeyView } from '@/lib/data/api-keys';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage, useValidationMessage } from '@/components/form/use-error-message';

export type RevokeApiKeyDialogProps = { apiKey: ApiKeyView; onClose: () => void; onRevoked: () => void };

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

// Confirmation before revoking: revoking cannot be undone and cuts off every integration using the key.
export function RevokeApiKeyDialog({ apiKey, onClose, onRevoked }: RevokeApiKeyDialogProps) {
  const t = useTranslations('apiKeys.revoke');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const validationMessage = useValidationMessage();
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await revokeApiKeyAction({ id: apiKey.id });
        if (result.ok) return onRevoked();
        // A malformed id comes back as a field error (a `validation` key); anything else as an `errors` key.
        setError(validationMessage(result.fieldErrors?.id) ?? errorMessage(result.error, result.errorParams));
      } catch {
        setError(errorMessage('unexpected'));
      }
    });

  return (
    <Dialog modalType="alert" open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('body', { name: apiKey.name, prefix: apiKey.prefix })}</Text>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button appearance="primary" onClick={revoke} disabledFocusable={pending}>
              {t('confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
