'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { useTranslations } from 'next-intl';
import { Button, Card, makeStyles, Spinner, Text, tokens, typographyStyles } from '@fluentui/react-components';
import { ShieldRegular } from '@fluentui/react-icons';
import { signInAction } from '@/lib/actions/sign-in';
import { signInSchema } from '@/lib/validation/session';
import { LanguagePicker } from '@/components/app-shell/language-picker';
import { FormError } from '@/components/form/form-error';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';

type SignInValues = z.input<typeof signInSchema>;

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    paddingBlock: tokens.spacingVerticalS,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  product: { ...typographyStyles.subtitle2, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  main: { display: 'flex', flexGrow: 1, alignItems: 'center', justifyContent: 'center', padding: tokens.spacingHorizontalL },
  card: { width: '100%', maxWidth: '400px', padding: tokens.spacingHorizontalXXL },
  heading: { ...typographyStyles.title3, margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

// The sign-in card. Every failure reads the same ("sign-in failed"): nothing says whether the email exists.
export function SignInForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('auth.signIn');
  const common = useTranslations('common');
  const styles = useStyles();
  const [navigating, setNavigating] = useState(false);
  const { control, handleSubmit, formState } = useForm<SignInValues, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { formError, applyResult, showError, clearFormError } = useActionErrors();

  const onSubmit = handleSubmit(async ({ email, password }) => {
    clearFormError();
    try {
      const result = await signInAction({ email, password, callbackUrl });
      if (applyResult(result)) {
        setNavigating(true);
        window.location.assign(result.data.redirectTo);
      }
    } catch {
      showError('unexpected');
    }
  });

  const busy = formState.isSubmitting || navigating;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <span className={styles.product}>
          <ShieldRegular aria-hidden />
          {common('productName')}
        </span>
        <LanguagePicker />
      </header>
      <main className={styles.main}>
        <Card className={styles.card}>
          <form className={styles.form} onSubmit={onSubmit} noValidate>
            <h1 className={styles.heading}>{t('heading')}</h1>
            <Text>{t('intro')}</Text>
            <FormError message={formError} title={t('errorTitle')} />
            <TextField control={control} name="email" label={t('email')} type="email" autoComplete="username" required />
            <TextField
              control={control}
              name="password"
              label={t('password')}
              type="password"
              autoComplete="current-password"
              required
            />
            <Button
              type="submit"
              appearance="primary"
              disabledFocusable={busy}
              icon={busy ? <Spinner size="tiny" aria-hidden /> : undefined}
            >
              {t('submit')}
            </Button>
          </form>
        </Card>
      </main>
    </div>
  );
}
