'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
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
import { createApiKeyAction } from '@/lib/actions/create-api-key';
import {
  API_KEY_NAME_MAX,
  createApiKeySchema,
  type CreateApiKeyFormValues,
  type CreateApiKeyInput,
} from '@/lib/validation/api-key';
import { FormError } from '@/components/form/form-error';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import type { CreatedApiKey } from './api-key-created-dialog';

export type CreateApiKeyDialogProps = { onClose: () => void; onCreated: (key: CreatedApiKey) => void };

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

// Mounted only while open (the parent renders it conditionally), so each opening starts empty.
export function CreateApiKeyDialog({ onClose, onCreated }: CreateApiKeyDialogProps) {
  const t = useTranslations('apiKeys.createDialog');
  const common = useTranslations('common.actions');
  const styles = useStyles();
  const { control, handleSubmit, setError, formState } = useForm<CreateApiKeyFormValues, unknown, CreateApiKeyInput>({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: '' },
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async ({ name }) => {
    try {
      const result = await createApiKeyAction({ name });
      if (applyResult(result)) onCreated({ name, key: result.data.key, prefix: result.data.prefix });
    } catch {
      showError('unexpected');
    }
  });

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('title')}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
              <TextField
                control={control}
                name="name"
                label={t('name')}
                hint={t('nameHint')}
                required
                maxLength={API_KEY_NAME_MAX}
                autoComplete="off"
              />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={formState.isSubmitting}>
                {t('submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
