'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Caption1,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  makeStyles,
  TableCellLayout,
  tokens,
  type TableColumnDefinition,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';
import type { SinkEmailSummary } from '@/lib/notifications/mail-sink';
import { AppLink } from '@/components/navigation/app-link';
import { sinkEmailHref } from './paths';

// Rendered on the server and again in the browser: both in UTC, and saying so.
export const SINK_DATE_FORMAT = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
} as const;

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
          <time dateTime={email.receivedAt}>{format.dateTime(new Date(email.receivedAt), SINK_DATE_FORMAT)}</time>
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
      <DataGrid
        items={emails}
        columns={columns}
        getRowId={(email: SinkEmailSummary) => email.id}
        resizableColumns
        columnSizingOptions={SIZES}
        focusMode="composite"
        aria-label={t('gridLabel')}
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<SinkEmailSummary>>
          {({ item, rowId }) => (
            <DataGridRow<SinkEmailSummary> key={rowId}>
              {({ renderCell, columnId }) => (
                <DataGridCell focusMode={columnId === 'subject' ? 'group' : 'cell'}>{renderCell(item)}</DataGridCell>
              )}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
