'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  createTableColumn,
  makeStyles,
  TableCellLayout,
  Text,
  tokens,
  type TableColumnDefinition,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';
import { ListGrid } from '@/components/list-grid';
import { AppLink } from '@/components/navigation/app-link';
import { DATE_TIME_UTC } from '@/components/date-formats';
import type { IncidentListEntry } from '@/lib/data/incidents';
import { SEVERITY_COLOR, useIncidentLabels } from './labels';
import { incidentHref } from './list-url';

export type IncidentGridProps = { entries: IncidentListEntry[] };

const SIZES: TableColumnSizingOptions = {
  receivedAt: { idealWidth: 180, minWidth: 140 },
  incident: { idealWidth: 320, minWidth: 200 },
  severity: { idealWidth: 120, minWidth: 100 },
  status: { idealWidth: 130, minWidth: 100 },
  alerts: { idealWidth: 180, minWidth: 110 },
  deviceGroups: { idealWidth: 200, minWidth: 140 },
  emails: { idealWidth: 120, minWidth: 100 },
};

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  stack: { display: 'flex', flexDirection: 'column' },
});

// One page of incidents as a read-only DataGrid, in the server's order (newest first).
export function IncidentGrid({ entries }: IncidentGridProps) {
  const t = useTranslations('incidents.list');
  const detail = useTranslations('incidents.detail');
  const format = useFormatter();
  const labels = useIncidentLabels();
  const styles = useStyles();

  const columns = useMemo<TableColumnDefinition<IncidentListEntry>[]>(
    () => [
      createTableColumn<IncidentListEntry>({
        columnId: 'receivedAt',
        renderHeaderCell: () => t('columns.receivedAt'),
        renderCell: (entry) => <time dateTime={entry.receivedAt}>{format.dateTime(new Date(entry.receivedAt), DATE_TIME_UTC)}</time>,
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'incident',
        renderHeaderCell: () => t('columns.incident'),
        renderCell: (entry) => (
          <TableCellLayout truncate description={detail('incidentId', { id: entry.externalId })}>
            <AppLink href={incidentHref(entry.id)}>{entry.displayName}</AppLink>
          </TableCellLayout>
        ),
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'severity',
        renderHeaderCell: () => t('columns.severity'),
        renderCell: (entry) => (
          <Badge appearance="tint" color={SEVERITY_COLOR[entry.severity] ?? 'subtle'}>
            {labels.severity(entry.severity)}
          </Badge>
        ),
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'status',
        renderHeaderCell: () => t('columns.status'),
        renderCell: (entry) => labels.status(entry.status),
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'alerts',
        renderHeaderCell: () => t('columns.alerts'),
        renderCell: (entry) => (
          <span className={styles.stack}>
            <Text>{t('alertCount', { count: entry.alertCount })}</Text>
            {entry.hiddenAlertCount > 0 ? <Text className={styles.muted}>{t('hiddenAlerts', { count: entry.hiddenAlertCount })}</Text> : null}
          </span>
        ),
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'deviceGroups',
        renderHeaderCell: () => t('columns.deviceGroups'),
        renderCell: (entry) =>
          entry.deviceGroups.length > 0 ? (
            format.list(entry.deviceGroups, { type: 'conjunction' })
          ) : (
            <span className={styles.muted}>{t('noDeviceGroups')}</span>
          ),
      }),
      createTableColumn<IncidentListEntry>({
        columnId: 'emails',
        renderHeaderCell: () => t('columns.emails'),
        renderCell: (entry) => (
          <Badge appearance="tint" color={entry.emailCount > 0 ? 'success' : 'subtle'}>
            {t('emailCount', { count: entry.emailCount })}
          </Badge>
        ),
      }),
    ],
    [t, detail, format, labels, styles],
  );

  return (
    <div className={styles.scroll}>
      <ListGrid
        items={entries}
        columns={columns}
        getRowId={(entry: IncidentListEntry) => entry.id}
        label={t('gridLabel')}
        interactiveColumn="incident"
        columnSizing={SIZES}
      />
    </div>
  );
}
