'use client';

import { useTranslations } from 'next-intl';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import { AppLink } from '@/components/navigation/app-link';
import type { DeliveryLogEntry } from '@/lib/data/deliveries';
import { deliveryLogHref } from './log-url';

const FILTER_REASONS = ['recipientCannotView', 'recipientScope', 'ruleScope', 'digestEmpty'] as const;

const useStyles = makeStyles({
  note: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  wrap: { display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

// Why an email was not sent (or not on its own), or which alerts it left out; with a link to the email it
// went out in, when it did: a held email's digest, a coalesced email's joined email, a digest's list.
export function DeliveryNote({ entry, none }: { entry: DeliveryLogEntry; none: React.ReactNode }) {
  const note = useNote(entry);
  const styles = useStyles();
  if (!note) return none;
  return (
    <span className={styles.note}>
      <Text className={styles.wrap}>{note.text}</Text>
      {note.link ? <AppLink href={deliveryLogHref({ delivery: note.link.id })}>{note.link.label}</AppLink> : null}
    </span>
  );
}

function joinedState(status: DeliveryLogEntry['joinedStatus']): string {
  if (status === 'queued' || status === 'sending') return 'waiting';
  return status ?? 'unknown';
}

function useNote(entry: DeliveryLogEntry): { text: string; link?: { id: string; label: string } } | null {
  const t = useTranslations('deliveries.leftOut');
  const severities = useTranslations('sources.severity');
  const reason = (FILTER_REASONS as readonly string[]).includes(entry.filterReason ?? '') ? entry.filterReason : 'other';
  switch (entry.status) {
    case 'silenced':
      return { text: entry.silence?.name ? t('silenced', { name: entry.silence.name }) : t('silencedHidden') };
    case 'filtered':
      return { text: t(`notSent.${reason}`) };
    case 'held': {
      const held = entry.held;
      const text = held
        ? t('held', {
            scope: held.scope === 'rule' && held.ruleName === null ? 'hiddenRule' : held.scope,
            ruleName: held.ruleName ?? '',
            limit: held.limit,
            severity: severities(held.severity),
            period: held.period,
          })
        : t('heldUnknown');
      return { text, link: entry.digestId ? { id: entry.digestId, label: t('showDigest') } : undefined };
    }
    case 'coalesced':
      // What became of the email it joined is what became of its changes.
      return {
        text: t('coalesced', { joined: joinedState(entry.joinedStatus) }),
        link: entry.coalescedIntoId ? { id: entry.coalescedIntoId, label: t('showJoined') } : undefined,
      };
  }
  if (entry.kind === 'digest') return { text: t('digest', { count: entry.listedCount ?? 0 }), link: { id: entry.id, label: t('showListed') } };
  if (entry.withheldAlertCount > 0) return { text: t(`withheld.${reason === 'digestEmpty' ? 'other' : reason}`, { count: entry.withheldAlertCount }) };
  return null;
}
