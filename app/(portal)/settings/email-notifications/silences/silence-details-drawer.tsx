'use client';

import { useFormatter, useTranslations } from 'next-intl';
import {
  Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, makeStyles, OverlayDrawer, Subtitle2, Text, tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { AppLink } from '@/components/navigation/app-link';
import { DATE_TIME_UTC } from '@/components/date-formats';
import type { DeliveryLogEntry } from '@/lib/data/deliveries';
import type { SilenceView } from '@/lib/data/silences';
import { deliveryLogHref } from '../deliveries/log-url';
import { useSilenceLabels } from './silence-labels';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBlockEnd: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  comment: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export type SilenceDetailsDrawerProps = {
  selected: { silence: SilenceView; heldBack: DeliveryLogEntry[] } | null;
  timeZone: string;
  onClose: () => void;
};

// One silence: when, what it covers, who set it and why, and "what did this silence hold back": the
// incidents and emails (newest first; the delivery log pages through all of them).
export function SilenceDetailsDrawer({ selected, timeZone, onClose }: SilenceDetailsDrawerProps) {
  const t = useTranslations('silences.detailsPane');
  const common = useTranslations('common.actions');
  const format = useFormatter();
  const labels = useSilenceLabels(timeZone);
  const styles = useStyles();
  if (!selected) return null;
  const { silence, heldBack } = selected;
  const incidents = [...new Map(heldBack.flatMap((entry) => (entry.incident ? [[entry.incident.id, entry.incident]] : []))).values()];

  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label={common('close')} icon={<Dismiss24Regular />} onClick={onClose} />}
        >
          {silence.name}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <section className={styles.section}>
          <Subtitle2 as="h3">{t('when')}</Subtitle2>
          <Text>{labels.period(silence)}</Text>
          {silence.recurrence ? <Text>{labels.recurrence(silence)}</Text> : null}
          {silence.endedAt ? <Text>{t('endedAt', { date: labels.date(silence.endedAt) })}</Text> : null}
        </section>
        <section className={styles.section}>
          <Subtitle2 as="h3">{t('covers')}</Subtitle2>
          {labels.criteria(silence).map((line) => (
            <Text key={line}>{line}</Text>
          ))}
        </section>
        <section className={styles.section}>
          <Subtitle2 as="h3">{t('author')}</Subtitle2>
          <Text>{t('createdBy', { email: silence.createdByEmail, date: format.dateTime(new Date(silence.createdAt), DATE_TIME_UTC) })}</Text>
          <Text className={styles.comment}>{silence.comment || t('noComment')}</Text>
        </section>
        <section className={styles.section} aria-labelledby="silence-held-back">
          <Subtitle2 as="h3" id="silence-held-back">
            {t('heldBack', { count: silence.heldBackCount })}
          </Subtitle2>
          {heldBack.length === 0 ? (
            <Text className={styles.muted}>{t('nothingHeldBack')}</Text>
          ) : (
            <>
              <Text>{t('incidents', { count: incidents.length })}</Text>
              <ul className={styles.list}>
                {incidents.map((incident) => (
                  <li key={incident.id}>
                    <Text weight="semibold">{incident.displayName}</Text>{' '}
                    <Text className={styles.muted}>{t('incidentId', { id: incident.externalId })}</Text>
                    <ul className={styles.list}>
                      {heldBack
                        .filter((entry) => entry.incident?.id === incident.id)
                        .map((entry) => (
                          <li key={entry.id}>
                            <Text>{t('email', { recipient: entry.recipientEmail, date: labels.date(entry.createdAt) })}</Text>
                          </li>
                        ))}
                    </ul>
                  </li>
                ))}
              </ul>
              <AppLink href={deliveryLogHref({ silenceId: silence.id })}>{t('viewInLog')}</AppLink>
            </>
          )}
        </section>
      </DrawerBody>
    </OverlayDrawer>
  );
}
