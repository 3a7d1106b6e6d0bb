'use client';

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { useTranslations } from 'next-intl';
import { Button, Card, makeStyles, mergeClasses, Spinner, Text, tokens, typographyStyles } from '@fluentui/react-components';
import { ShieldRegular, WindowRegular } from '@fluentui/react-icons';
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
  // A link that looks like a secondary button: it navigates to Microsoft.
  microsoft: {
    ...typographyStyles.body1Strong,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingHorizontalS,
    marginBlockStart: tokens.spacingVerticalL,
    minHeight: '32px',
    paddingInline: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  microsoftPrimary: {
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    border: `${tokens.strokeWidthThin} solid transparent`,
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover },
  },
});

const KNOWN_ERRORS = ['EntraInvalidToken', 'EntraUnknownTenant', 'EntraNoRole', 'EntraNoEmail', 'EntraEmailTaken'] as const;

export type SignInOptions = { credentials: boolean; microsoftEntraId: boolean };

// The sign-in card. Every failure reads the same ("sign-in failed"): nothing says whether the email exists.
export function SignInForm({
  callbackUrl,
  options,
  error,
}: {
  callbackUrl?: string;
  options: SignInOptions;
  error?: string;
}) {
  const t = useTranslations('auth.signIn');
  const common = useTranslations('common');
  const styles = useStyles();
  const [navigating, setNavigating] = useState(false);
  const { control, handleSubmit, formState } = useForm<SignInValues, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: '', password: '' },
  });
  const { formError, callAction, clearFormError } = useActionErrors();

  const onSubmit = handleSubmit(async ({ email, password }) => {
    clearFormError();
    await callAction(
      () => signInAction({ email, password, callbackUrl }),
      ({ redirectTo }) => {
        setNavigating(true);
        window.location.assign(redirectTo);
      },
    );
  });

  const busy = formState.isSubmitting || navigating;
  const providerError = error
    ? t(`errors.${(KNOWN_ERRORS as readonly string[]).includes(error) ? error : 'default'}` as 'errors.default')
    : null;
  const microsoftHref = `/sign-in/microsoft${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`;
  const microsoft = options.microsoftEntraId ? (
    <a href={microsoftHref} className={mergeClasses(styles.microsoft, options.credentials ? undefined : styles.microsoftPrimary)}>
      <WindowRegular aria-hidden />
      {t('microsoft')}
    </a>
  ) : null;
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
          {options.credentials ? (
            <form className={styles.form} onSubmit={onSubmit} noValidate>
              <h1 className={styles.heading}>{t('heading')}</h1>
              <Text>{t(options.microsoftEntraId ? 'introWithMicrosoft' : 'intro')}</Text>
              <FormError message={formError ?? providerError} title={t('errorTitle')} />
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
          ) : (
            <div className={styles.form}>
              <h1 className={styles.heading}>{t('heading')}</h1>
              <Text>{t('introMicrosoftOnly')}</Text>
              <FormError message={providerError} title={t('errorTitle')} />
            </div>
          )}
          {microsoft}
        </Card>
      </main>
    </div>
  );
}
