'use client';

import { useId, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { useFormContext } from 'react-hook-form';
import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { MailArrowUp20Regular } from '@fluentui/react-icons';
import { FormError } from '@/components/form/form-error';
import { useActionErrors } from '@/components/form/use-action-errors';
import type { ActionResult } from '@/lib/actions/result';
import { sendDraftTestEmailAction } from '@/lib/actions/send-test-email';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import type { TestEmailResult } from '../test-email-result';

// The draft's fields under the names the action uses; errors go back onto the form's own fields.
const FORM_FIELDS: Record<string, string> = {
  ruleName: 'name',
  'options.includeOrganizationName': 'includeOrganizationName',
  'options.includeTenantPortalLink': 'includeTenantPortalLink',
};

function withFormFields<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok || !result.fieldErrors) return result;
  const fieldErrors = Object.fromEntries(
    Object.entries(result.fieldErrors).map(([path, key]) => [FORM_FIELDS[path] ?? path, key]),
  );
  return { ...result, fieldErrors };
}

// A result belongs to an address in the language it was sent in: changing the language hides it.
export function testResultKey(email: string, language: string): string {
  return `${email.toLowerCase()}\n${language}`;
}

export type DraftTestEmail = {
  send: () => void;
  pending: boolean;
  results: ReadonlyMap<string, TestEmailResult> | null;
  formError: string | null;
};

// useDraftTestEmail(): sends the test email to the recipients now in the form, with the rule name from
// Basics (or "New rule" before it has one) and the email options from Notification settings.
export function useDraftTestEmail(): DraftTestEmail {
  const t = useTranslations('rules.testEmail');
  const { getValues, setError } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const { formError, callAction, clearFormError } = useActionErrors(setError, {
    formErrorWithFieldErrors: true,
  });
  const [pending, startTransition] = useTransition();
  const [results, setResults] = useState<ReadonlyMap<string, TestEmailResult> | null>(null);

  function send() {
    const values = getValues();
    const languages = new Map(values.recipients.map((recipient) => [recipient.email.toLowerCase(), recipient.language]));
    clearFormError();
    setResults(null);
    startTransition(async () => {
      const call = async () =>
        withFormFields(
          await sendDraftTestEmailAction({
            ruleName: values.name.trim() || t('defaultRuleName'),
            recipients: values.recipients,
            options: {
              includeOrganizationName: values.includeOrganizationName,
              includeTenantPortalLink: values.includeTenantPortalLink,
            },
          }),
        );
      await callAction(call, (data) => {
        const sent = data.map((item) => [testResultKey(item.email, languages.get(item.email.toLowerCase()) ?? ''), item] as const);
        setResults(new Map(sent));
      });
    });
  }

  return { send, pending, results, formError };
}

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS },
  hint: { color: tokens.colorNeutralForeground3 },
});

// <DraftTestEmailButton testEmail hasRecipients />: "Send test email", its hint, progress and errors.
// The per-recipient outcomes are shown in the recipients table.
export function DraftTestEmailButton({ testEmail, hasRecipients }: { testEmail: DraftTestEmail; hasRecipients: boolean }) {
  const t = useTranslations('rules.testEmail');
  const styles = useStyles();
  const hintId = useId();
  const { send, pending, results, formError } = testEmail;

  return (
    <div className={styles.stack}>
      <Button
        icon={pending ? <Spinner size="extra-tiny" /> : <MailArrowUp20Regular />}
        // Focusable while disabled: the focus stays on the button during the send, and the hint explains.
        disabledFocusable={pending || !hasRecipients}
        aria-describedby={hintId}
        onClick={send}
      >
        {t('send')}
      </Button>
      <Text id={hintId} size={200} className={styles.hint}>
        {hasRecipients ? t('draftHint') : t('noRecipients')}
      </Text>
      <Text role="status" size={200}>
        {pending ? t('sending') : results ? t('resultsInTable') : null}
      </Text>
      <FormError message={formError} title={t('failedTitle')} />
    </div>
  );
}
