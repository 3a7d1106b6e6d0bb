'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Caption1,
  createTableColumn,
  makeStyles,
  TableCellLayout,
  tokens,
  type TableColumnDefinition,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { SinkEmailSummary } from '@/lib/mail-sink/store';
import { AppLink } from '@/components/navigation/app-link';
import { sinkEmailHref } from './paths';

const SIZES: TableColumnSizingOptions = {
  receivedAt: { idealWidth: 200, minWidth: 160 },
  to: { idealWidth: 260, minWidth: 160 },
  subject: { idealWidth: 420, minWidth: 200 },
  tags: { idealWidth: 320, minWidth: 160 },
};

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  wrap: { overflowWrap: 'anywhere' },
  tags: {
    display: 'flex',
    flexDirection: 'column',
    margin: 0,
    padding: 0,
    paddingBlock: tokens.spacingVerticalXS,
    listStyleType: 'none',
    minWidth: 0,
  },
  tag: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground2 },
});

// The sink's emails as a read-only DataGrid, in the server's order (newest first); the subject opens one.
export function SinkEmailGrid({ emails }: { emails: SinkEmailSummary[] }) {
  const t = useTranslations('mailSink');
  const format = useFormatter();
  const styles = useStyles();

  const columns = useMemo<TableColumnDefinition<SinkEmailSummary>[]>(
    () => [
      createTableColumn<SinkEmailSummary>({
        columnId: 'receivedAt',
        renderHeaderCell: () => t('columns.receivedAt'),
        renderCell: (email) => (
          <time dateTime={email.receivedAt}>{format.dateTime(new Date(email.receivedAt), DATE_TIME_SECONDS_UTC)}</time>
        ),
      }),
      createTableColumn<SinkEmailSummary>({
        columnId: 'to',
        renderHeaderCell: () => t('columns.to'),
        renderCell: (email) => <span className={styles.wrap}>{email.to.join(', ')}</span>,
      }),
      createTableColumn<SinkEmailSummary>({
        columnId: 'subject',
        renderHeaderCell: () => t('columns.subject'),
        renderCell: (email) => (
          <TableCellLayout truncate>
            <AppLink href={sinkEmailHref(email.id)}>{email.subject || t('noSubject')}</AppLink>
          </TableCellLayout>
        ),
      }),
      createTableColumn<SinkEmailSummary>({
        columnId: 'tags',
        renderHeaderCell: () => t('columns.tags'),
        renderCell: (email) =>
          email.tags.length > 0 ? (
            <ul className={styles.tags}>
              {email.tags.map((tag) => (
                <li key={`${tag.name}=${tag.value}`}>
                  <Caption1 className={styles.tag}>{t('tag', { name: tag.name, value: tag.value })}</Caption1>
                </li>
              ))}
            </ul>
          ) : (
            t('none')
          ),
      }),
    ],
    [t, format, styles],
  );

  return (
    <div className={styles.scroll}>
      <ListGrid
        items={emails}
        columns={columns}
        getRowId={(email: SinkEmailSummary) => email.id}
        label={t('gridLabel')}
        interactiveColumn="subject"
        columnSizing={SIZES}
      />
    </div>
  );
}
