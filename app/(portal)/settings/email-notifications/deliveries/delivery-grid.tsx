'use client';

import { useMemo, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  createTableColumn,
  makeStyles,
  mergeClasses,
  TableCellLayout,
  Link,
  Text,
  tokens,
  type BadgeProps,
  type TableColumnDefinition,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { DeliveryLogEntry } from '@/lib/data/deliveries';
import { isLanguage } from '@/lib/i18n/languages';
import { DeliveryNote } from './delivery-note';

export type DeliveryGridProps = { entries: DeliveryLogEntry[] };

const STATUS_COLOR: Record<DeliveryLogEntry['status'], BadgeProps['color']> = {
  queued: 'informative',
  sending: 'brand',
  sent: 'success',
  failed: 'danger',
  // Never sent, on purpose: worth noticing (a recipient hears nothing), not an error.
  filtered: 'warning',
  // Held back on purpose by a silence someone set: expected, so quiet.
  silenced: 'subtle',
  // Not sent on its own, on purpose: it goes (or went) out in a digest or in another email.
  held: 'subtle',
  coalesced: 'subtle',
};

const PROVIDER_COLOR: Record<NonNullable<DeliveryLogEntry['provider']>['status'], BadgeProps['color']> = {
  delivered: 'success',
  delayed: 'warning',
  bounced: 'danger',
  complained: 'danger',
  suppressed: 'danger',
  failed: 'danger',
};

const SIZES: TableColumnSizingOptions = {
  createdAt: { idealWidth: 190, minWidth: 150 },
  incident: { idealWidth: 260, minWidth: 160 },
  rules: { idealWidth: 180, minWidth: 120 },
  recipient: { idealWidth: 240, minWidth: 160 },
  status: { idealWidth: 150, minWidth: 110 },
  provider: { idealWidth: 240, minWidth: 140 },
  leftOut: { idealWidth: 280, minWidth: 160 },
  attempts: { idealWidth: 90, minWidth: 80 },
  lastError: { idealWidth: 220, minWidth: 120 },
  providerMessageId: { idealWidth: 200, minWidth: 120 },
  sentAt: { idealWidth: 250, minWidth: 160 },
};

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  details: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0, maxWidth: '100%' },
  truncate: { display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '100%' },
  wrap: { display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

// Errors longer than this get a "Show full error" toggle; shorter ones fit the column.
const SHORT_ERROR = 40;

// A provider error, cut to one line, expandable in place. (Not a tooltip: expanding keeps the text
// selectable for copying into a support ticket.)
function LastError({ text }: { text: string }) {
  const t = useTranslations('deliveries');
  const styles = useStyles();
  const [expanded, setExpanded] = useState(false);
  if (text.length <= SHORT_ERROR) return <Text>{text}</Text>;
  return (
    <span className={styles.details}>
      <Text className={expanded ? styles.wrap : styles.truncate}>{text}</Text>
      <Link as="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? t('showLessError') : t('showFullError')}
      </Link>
    </span>
  );
}

// The deliveries as a read-only DataGrid, in the server's order (newest first; the log is paged).
export function DeliveryGrid({ entries }: DeliveryGridProps) {
  const t = useTranslations('deliveries');
  const common = useTranslations('common');
  const format = useFormatter();
  const styles = useStyles();

  const columns = useMemo<TableColumnDefinition<DeliveryLogEntry>[]>(() => {
    const date = (iso: string) => format.dateTime(new Date(iso), DATE_TIME_SECONDS_UTC);
    const none = <span className={styles.muted}>{t('none')}</span>;
    return [
      createTableColumn<DeliveryLogEntry>({
        columnId: 'createdAt',
        renderHeaderCell: () => t('columns.createdAt'),
        renderCell: (entry) => <time dateTime={entry.createdAt}>{date(entry.createdAt)}</time>,
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'incident',
        renderHeaderCell: () => t('columns.incident'),
        renderCell: (entry) => {
          if (entry.kind === 'test') return <TableCellLayout>{t('testEmail')}</TableCellLayout>;
          if (entry.kind === 'digest') return <TableCellLayout>{t('digestEmail')}</TableCellLayout>;
          if (!entry.incident) return none;
          const event =
            entry.eventKind === 'created' || entry.eventKind === 'updated' ? t(`event.${entry.eventKind}`) : null;
          return (
            <TableCellLayout
              truncate
              description={
                <span className={styles.details}>
                  <span>{t('incidentId', { id: entry.incident.externalId })}</span>
                  {event ? <span>{event}</span> : null}
                </span>
              }
            >
              <Text weight="semibold">{entry.incident.displayName}</Text>
            </TableCellLayout>
          );
        },
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'rules',
        renderHeaderCell: () => t('columns.rules'),
        // Rules the viewer may not see are counted, not named.
        renderCell: (entry) => {
          const names = entry.rules.map((rule) => rule.name);
          if (entry.hiddenRuleCount > 0) names.push(t('otherRules', { count: entry.hiddenRuleCount }));
          return names.length > 0 ? format.list(names, { type: 'conjunction' }) : none;
        },
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'recipient',
        renderHeaderCell: () => t('columns.recipient'),
        renderCell: (entry) => (
          <TableCellLayout
            truncate
            description={isLanguage(entry.language) ? common(`languages.${entry.language}`) : entry.language}
          >
            {entry.recipientEmail}
          </TableCellLayout>
        ),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'status',
        renderHeaderCell: () => t('columns.status'),
        renderCell: (entry) => (
          <Badge appearance="tint" color={STATUS_COLOR[entry.status]}>
            {t(`status.${entry.status}`)}
          </Badge>
        ),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'provider',
        renderHeaderCell: () => t('columns.provider'),
        renderCell: (entry) =>
          entry.provider ? (
            <span className={styles.details}>
              <Badge appearance="tint" color={PROVIDER_COLOR[entry.provider.status]}>
                {t(`providerStatus.${entry.provider.status}`)}
              </Badge>
              <Text className={styles.muted}>{date(entry.provider.at)}</Text>
              {entry.provider.reason ? <LastError text={entry.provider.reason} /> : null}
            </span>
          ) : (
            none
          ),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'leftOut',
        renderHeaderCell: () => t('columns.leftOut'),
        renderCell: (entry) => <DeliveryNote entry={entry} none={none} />,
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'attempts',
        renderHeaderCell: () => t('columns.attempts'),
        renderCell: (entry) => format.number(entry.attempts),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'lastError',
        renderHeaderCell: () => t('columns.lastError'),
        renderCell: (entry) => (entry.lastError ? <LastError text={entry.lastError} /> : none),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'providerMessageId',
        renderHeaderCell: () => t('columns.providerMessageId'),
        renderCell: (entry) =>
          entry.providerMessageId ? (
            <span className={mergeClasses(styles.mono, styles.truncate)} title={entry.providerMessageId}>
              {entry.providerMessageId}
            </span>
          ) : (
            none
          ),
      }),
      createTableColumn<DeliveryLogEntry>({
        columnId: 'sentAt',
        renderHeaderCell: () => t('columns.sentAt'),
        renderCell: (entry) => {
          if (entry.sentAt) return t('sentAt', { date: date(entry.sentAt) });
          if (entry.nextAttemptAt) return t('nextAttempt', { date: date(entry.nextAttemptAt) });
          return none;
        },
      }),
    ];
  }, [t, common, format, styles]);

  return (
    <div className={styles.scroll}>
      <ListGrid
        items={entries}
        columns={columns}
        getRowId={(entry: DeliveryLogEntry) => entry.id}
        label={t('gridLabel')}
        interactiveColumn="lastError"
        columnSizing={SIZES}
      />
    </div>
  );
}
