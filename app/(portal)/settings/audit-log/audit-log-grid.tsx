'use client';

import { useMemo, type MouseEvent } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Button,
  createTableColumn,
  Link,
  makeStyles,
  TableCellLayout,
  Text,
  tokens,
  type TableColumnDefinition,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';
import { TextBulletListSquareRegular } from '@fluentui/react-icons';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { DescribedEntry } from '@/lib/audit-log/describe';

export type AuditLogGridProps = {
  entries: DescribedEntry[];
  // Opens the side pane with the entry's field-by-field changes.
  onShowChanges: (entry: DescribedEntry) => void;
  // The log's address showing only this entry's target.
  targetHref: (entry: DescribedEntry) => string;
  onFollow: (href: string) => (event: MouseEvent<HTMLAnchorElement>) => void;
};

const SIZES: TableColumnSizingOptions = {
  time: { idealWidth: 200, minWidth: 160 },
  actor: { idealWidth: 240, minWidth: 160 },
  action: { idealWidth: 200, minWidth: 140 },
  target: { idealWidth: 260, minWidth: 160 },
  changes: { idealWidth: 200, minWidth: 150 },
};

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
});

// The entries as a read-only DataGrid, in the server's order (newest first; the log is paged).
export function AuditLogGrid({ entries, onShowChanges, targetHref, onFollow }: AuditLogGridProps) {
  const t = useTranslations('auditLog');
  const format = useFormatter();
  const styles = useStyles();

  const columns = useMemo<TableColumnDefinition<DescribedEntry>[]>(
    () => [
      createTableColumn<DescribedEntry>({
        columnId: 'time',
        renderHeaderCell: () => t('columns.time'),
        renderCell: (entry) => <time dateTime={entry.createdAt}>{format.dateTime(new Date(entry.createdAt), DATE_TIME_SECONDS_UTC)}</time>,
      }),
      createTableColumn<DescribedEntry>({
        columnId: 'actor',
        renderHeaderCell: () => t('columns.actor'),
        renderCell: (entry) => <TableCellLayout truncate>{entry.actor}</TableCellLayout>,
      }),
      createTableColumn<DescribedEntry>({
        columnId: 'action',
        renderHeaderCell: () => t('columns.action'),
        renderCell: (entry) => <TableCellLayout truncate>{entry.action}</TableCellLayout>,
      }),
      createTableColumn<DescribedEntry>({
        columnId: 'target',
        renderHeaderCell: () => t('columns.target'),
        renderCell: (entry) => {
          const href = targetHref(entry);
          return (
            <TableCellLayout truncate description={entry.targetType}>
              <Link href={href} onClick={onFollow(href)} title={t('filterTarget', { name: entry.targetName })}>
                {entry.targetName}
              </Link>
            </TableCellLayout>
          );
        },
      }),
      createTableColumn<DescribedEntry>({
        columnId: 'changes',
        renderHeaderCell: () => t('columns.changes'),
        renderCell: (entry) =>
          entry.changes.length > 0 ? (
            <Button
              size="small"
              icon={<TextBulletListSquareRegular />}
              aria-label={t('showChangesOf', { action: entry.action, name: entry.targetName })}
              onClick={() => onShowChanges(entry)}
            >
              {t('fieldCount', { count: entry.changes.length })}
            </Button>
          ) : (
            <Text className={styles.muted}>{t('none')}</Text>
          ),
      }),
    ],
    [t, format, styles, targetHref, onFollow, onShowChanges],
  );

  return (
    <div className={styles.scroll}>
      <ListGrid
        items={entries}
        columns={columns}
        getRowId={(entry: DescribedEntry) => entry.id}
        label={t('gridLabel')}
        interactiveColumn="changes"
        columnSizing={SIZES}
      />
    </div>
  );
}
