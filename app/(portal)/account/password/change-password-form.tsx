'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { changeOwnPasswordAction } from '@/lib/actions/change-own-password';
import {
  changeOwnPasswordSchema,
  PASSWORD_MIN_LENGTH,
  type ChangeOwnPasswordFormValues,
  type ChangeOwnPasswordInput,
} from '@/lib/validation/user';
import { FormError } from '@/components/form/form-error';
// The users feature's fields and messages: this page speaks from the same catalog.
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';

const EMPTY: ChangeOwnPasswordFormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '480px' },
  heading: { ...typographyStyles.title2, margin: 0 },
  description: { color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  submit: { alignSelf: 'flex-start' },
});

export function ChangePasswordForm({ changed }: { changed: boolean }) {
  const t = useTranslations('users.account');
  const styles = useStyles();
  const { control, handleSubmit, setError, reset, formState } = useForm<
    ChangeOwnPasswordFormValues,
    unknown,
    ChangeOwnPasswordInput
  >({
    resolver: zodResolver(changeOwnPasswordSchema),
    defaultValues: EMPTY,
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    try {
      // On success the action redirects back here with ?changed=1; it returns only to report a refusal.
      const result = await changeOwnPasswordAction(input);
      if (applyResult(result)) reset(EMPTY);
    } catch {
      showError('unexpected');
    }
  });

  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>{t('title')}</h1>
      <Text className={styles.description}>{t('description')}</Text>
      <div role="status">
        {changed ? (
          <MessageBar intent="success">
            <MessageBarBody>{t('changed')}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <FormError message={formError} />
        <TextField
          control={control}
          name="currentPassword"
          label={t('currentPassword')}
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          control={control}
          name="newPassword"
          label={t('newPassword')}
          hint={t('newPasswordHint', { min: PASSWORD_MIN_LENGTH })}
          type="password"
          autoComplete="new-password"
          required
        />
        <TextField
          control={control}
          name="confirmPassword"
          label={t('confirmPassword')}
          type="password"
          autoComplete="new-password"
          required
        />
        <Button type="submit" appearance="primary" className={styles.submit} disabledFocusable={formState.isSubmitting}>
          {t('submit')}
        </Button>
      </form>
    </div>
  );
}
