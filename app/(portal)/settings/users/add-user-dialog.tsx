'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useLocale, useTranslations } from 'next-intl';
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
  tokens,
} from '@fluentui/react-components';
import { createUserAction } from '@/lib/actions/create-user';
import {
  createUserSchema,
  PASSWORD_MIN_LENGTH,
  USER_NAME_MAX,
  type CreateUserFormValues,
  type CreateUserInput,
} from '@/lib/validation/user';
import { isLocale } from '@/lib/i18n/locales';
import { FormError } from '@/components/form/form-error';
import { SelectField } from '@/components/form/select-field';
import { TextField } from '@/components/form/text-field';
import { generatePassword } from './generate-password';
import { useActionErrors } from '@/components/form/use-action-errors';
import { useLanguageOptions, useRoleOptions } from './user-options';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  password: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  passwordField: { flexGrow: 1 },
});

export type AddUserDialogProps = { onClose: () => void; onAdded: () => void };

// Mounted only while open, so a generated password lives no longer than the dialog.
export function AddUserDialog({ onClose, onAdded }: AddUserDialogProps) {
  const t = useTranslations('users.dialog');
  const common = useTranslations('common.actions');
  const styles = useStyles();
  const locale = useLocale();
  const roleOptions = useRoleOptions();
  const languageOptions = useLanguageOptions();
  const [generated, setGenerated] = useState(false);
  const { control, handleSubmit, setError, setValue, formState } = useForm<
    CreateUserFormValues,
    unknown,
    CreateUserInput
  >({
    resolver: zodResolver(createUserSchema),
    defaultValues: {
      name: '',
      email: '',
      role: 'SECURITY_READER',
      language: isLocale(locale) ? locale : 'en',
      password: '',
    },
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    try {
      if (applyResult(await createUserAction(input))) onAdded();
    } catch {
      showError('unexpected');
    }
  });

  const generate = () => {
    setValue('password', generatePassword(), { shouldValidate: true });
    setGenerated(true);
  };

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('addTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
              <TextField
                control={control}
                name="name"
                label={t('name')}
                required
                maxLength={USER_NAME_MAX}
                autoComplete="off"
              />
              <TextField control={control} name="email" label={t('email')} type="email" required autoComplete="off" />
              <SelectField control={control} name="role" label={t('role')} required options={roleOptions} />
              <SelectField control={control} name="language" label={t('language')} required options={languageOptions} />
              <div className={styles.password}>
                <div className={styles.passwordField}>
                  <TextField
                    control={control}
                    name="password"
                    label={t('password')}
                    hint={t('passwordHint', { min: PASSWORD_MIN_LENGTH })}
                    // A generated password is shown so it can be handed over; a typed one stays hidden.
                    type={generated ? 'text' : 'password'}
                    autoComplete="new-password"
                    required
                  />
                </div>
                <Button onClick={generate}>{t('generate')}</Button>
              </div>
              {generated ? (
                <MessageBar intent="warning">
                  <MessageBarBody>{t('generatedNotice')}</MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={formState.isSubmitting}>
                {t('submitAdd')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
