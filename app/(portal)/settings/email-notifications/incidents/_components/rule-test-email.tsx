'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  tokens,
  type MessageBarProps,
} from '@fluentui/react-components';
import { MailArrowUp20Regular } from '@fluentui/react-icons';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';
import { sendRuleTestEmailAction } from '@/lib/actions/send-test-email';
import { useTestEmailStatus, type TestEmailResult } from './test-email-result';

// What the last send answered, and for which rule: the side pane shows it only while that rule is shown.
type Outcome = { ruleId: string; results: TestEmailResult[] } | { ruleId: string; error: string };

export type RuleTestEmail = {
  send: (ruleId: string) => void;
  pending: boolean;
  outcomeFor: (ruleId: string) => Outcome | null;
};

// useRuleTestEmail(): "Send test email" for a saved rule: its saved name, options and recipients.
export function useRuleTestEmail(): RuleTestEmail {
  const errorMessage = useErrorMessage();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function send(ruleId: string) {
    setOutcome(null);
    startTransition(async () => {
      try {
        const result = await sendRuleTestEmailAction({ ruleId });
        setOutcome(result.ok ? { ruleId, results: result.data } : { ruleId, error: errorMessage(result.error, result.errorParams) });
      } catch {
        setOutcome({ ruleId, error: errorMessage('unexpected') });
      }
    });
  }

  return { send, pending, outcomeFor: (ruleId) => (outcome?.ruleId === ruleId ? outcome : null) };
}

// <RuleTestEmailButton pending onClick />: stays focusable while sending (focus must not leave the pane).
export function RuleTestEmailButton({ pending, onClick }: { pending: boolean; onClick: () => void }) {
  const t = useTranslations('rules.testEmail');
  return (
    <Button
      icon={pending ? <Spinner size="extra-tiny" /> : <MailArrowUp20Regular />}
      disabledFocusable={pending}
      onClick={onClick}
    >
      {t('send')}
    </Button>
  );
}

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, maxHeight: '160px', overflowY: 'auto' },
  item: { overflowWrap: 'anywhere' },
});

function intentOf(results: readonly TestEmailResult[]): MessageBarProps['intent'] {
  if (results.some((result) => result.status === 'failed')) return 'error';
  if (results.some((result) => result.status === 'queued')) return 'warning';
  return 'success';
}

// <RuleTestEmailOutcome outcome />: one line per recipient in a MessageBar, or the error of the send.
export function RuleTestEmailOutcome({ outcome }: { outcome: Outcome | null }) {
  const t = useTranslations('rules.testEmail');
  const styles = useStyles();
  const status = useTestEmailStatus();
  if (!outcome) return null;
  if ('error' in outcome) return <FormError message={outcome.error} title={t('failedTitle')} />;
  return (
    <MessageBar intent={intentOf(outcome.results)} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('resultsTitle')}</MessageBarTitle>
        {outcome.results.length === 0 ? (
          t('ruleHasNoRecipients')
        ) : (
          <ul className={styles.list} aria-label={t('resultsTitle')}>
            {outcome.results.map((result) => (
              <li key={result.email} className={styles.item}>
                {t('resultFor', { email: result.email, result: status(result) })}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
