'use client';

import { useCallback } from 'react';
import { useTranslations } from 'next-intl';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, DismissCircle16Filled, Clock16Regular } from '@fluentui/react-icons';
import type { TestEmailResult } from '@/lib/notifications/test-email';

export type { TestEmailResult };

const useStyles = makeStyles({
  status: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, overflowWrap: 'anywhere' },
  sent: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  queued: { color: tokens.colorNeutralForeground3 },
});

// useTestEmailStatus(): one recipient's outcome in words: "Accepted", "Failed: <provider's reason>",
// "Queued: will be retried". The reason is the provider's own message, shown as it came.
export function useTestEmailStatus(): (result: TestEmailResult) => string {
  const t = useTranslations('rules.testEmail.status');
  return useCallback(
    (result: TestEmailResult) => {
      if (result.status === 'sent') return t('sent');
      if (result.status === 'failed') return t('failed', { reason: result.error ?? t('unknownReason') });
      return t('queued');
    },
    [t],
  );
}

// <TestEmailStatus result />: the outcome with an icon in its colour (the words alone carry the meaning).
export function TestEmailStatus({ result }: { result: TestEmailResult }) {
  const styles = useStyles();
  const status = useTestEmailStatus();
  const Icon =
    result.status === 'sent' ? CheckmarkCircle16Filled : result.status === 'failed' ? DismissCircle16Filled : Clock16Regular;
  return (
    <Text size={200} className={styles.status}>
      <Icon aria-hidden className={styles[result.status]} />
      {status(result)}
    </Text>
  );
}

// The results keyed by address (the server answers in lower case, as addresses are stored).
export function resultsByEmail(results: readonly TestEmailResult[]): ReadonlyMap<string, TestEmailResult> {
  return new Map(results.map((result) => [result.email.toLowerCase(), result]));
}
