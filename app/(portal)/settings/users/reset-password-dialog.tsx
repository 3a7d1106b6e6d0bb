'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { resetUserPasswordAction } from '@/lib/actions/reset-user-password';
import type { UserView } from '@/lib/data/users';
import { PASSWORD_MIN_LENGTH, resetUserPasswordSchema } from '@/lib/validation/user';
import { FormError } from '@/components/form/form-error';
import { TextField } from '@/components/form/text-field';
import { generatePassword } from './generate-password';
import { useActionErrors } from '@/components/form/use-action-errors';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  password: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  passwordField: { flexGrow: 1 },
});

type Values = z.input<typeof resetUserPasswordSchema>;

export type ResetPasswordDialogProps = { user: UserView; onClose: () => void; onReset: () => void };

// Sets a new password for someone else and signs them out everywhere.
export function ResetPasswordDialog({ user, onClose, onReset }: ResetPasswordDialogProps) {
  const t = useTranslations('users');
  const common = useTranslations('common.actions');
  const styles = useStyles();
  const [generated, setGenerated] = useState(false);
  const { control, handleSubmit, setError, setValue, formState } = useForm<
    Values,
    unknown,
    z.output<typeof resetUserPasswordSchema>
  >({
    resolver: zodResolver(resetUserPasswordSchema),
    defaultValues: { id: user.id, password: '' },
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    try {
      if (applyResult(await resetUserPasswordAction(input))) onReset();
    } catch {
      showError('unexpected');
    }
  });

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('resetPassword.title', { name: user.name })}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
              <Text block>{t('resetPassword.body', { name: user.name })}</Text>
              <div className={styles.password}>
                <div className={styles.passwordField}>
                  <TextField
                    control={control}
                    name="password"
                    label={t('resetPassword.password')}
                    hint={t('dialog.passwordHint', { min: PASSWORD_MIN_LENGTH })}
                    type={generated ? 'text' : 'password'}
                    autoComplete="new-password"
                    required
                  />
                </div>
                <Button
                  onClick={() => {
                    setValue('password', generatePassword(), { shouldValidate: true });
                    setGenerated(true);
                  }}
                >
                  {t('dialog.generate')}
                </Button>
              </div>
              {generated ? (
                <MessageBar intent="warning">
                  <MessageBarBody>{t('dialog.generatedNotice')}</MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={formState.isSubmitting}>
                {t('resetPassword.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
