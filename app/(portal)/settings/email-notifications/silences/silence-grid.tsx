'use client';

import { useMemo } from 'react';
import { useTranslations } from 'next-intl';
import {
  Badge, createTableColumn, makeStyles, Text, TableCellLayout, tokens, type TableColumnDefinition, type TableColumnSizingOptions,
} from '@fluentui/react-components';
import { CalendarAddRegular, InfoRegular, StopRegular } from '@fluentui/react-icons';
import { ListGrid } from '@/components/list-grid';
import { RowAction } from '@/components/row-action';
import type { SilenceView } from '@/lib/data/silences';
import { useSilenceLabels } from './silence-labels';

export type SilenceGridProps = {
  silences: SilenceView[];
  timeZone: string;
  onDetails: (silence: SilenceView) => void;
  onExtend: (silence: SilenceView) => void;
  onEnd: (silence: SilenceView) => void;
};

const SIZES: TableColumnSizingOptions = {
  name: { idealWidth: 240, minWidth: 160 },
  when: { idealWidth: 300, minWidth: 200 },
  criteria: { idealWidth: 300, minWidth: 200 },
  heldBack: { idealWidth: 110, minWidth: 90 },
  actions: { idealWidth: 130, minWidth: 130 },
};

const useStyles = makeStyles({
  lines: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', paddingBlock: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

// One tab's silences: name and author, when, what it holds back, how many emails it held, and its commands.
export function SilenceGrid({ silences, timeZone, onDetails, onExtend, onEnd }: SilenceGridProps) {
  const t = useTranslations('silences');
  const styles = useStyles();
  const labels = useSilenceLabels(timeZone);

  const columns = useMemo<TableColumnDefinition<SilenceView>[]>(
    () => [
      createTableColumn<SilenceView>({
        columnId: 'name',
        renderHeaderCell: () => t('columns.name'),
        renderCell: (silence) => (
          <TableCellLayout truncate description={t('by', { email: silence.createdByEmail })}>
            <Text weight="semibold">{silence.name}</Text>
          </TableCellLayout>
        ),
      }),
      createTableColumn<SilenceView>({
        columnId: 'when',
        renderHeaderCell: () => t('columns.when'),
        renderCell: (silence) => (
          <span className={styles.lines}>
            <Text>{labels.period(silence)}</Text>
            {silence.recurrence ? <Text className={styles.muted}>{labels.recurrence(silence)}</Text> : null}
            {silence.endedAt ? <Badge appearance="tint" color="informative">{t('endedEarly')}</Badge> : null}
          </span>
        ),
      }),
      createTableColumn<SilenceView>({
        columnId: 'criteria',
        renderHeaderCell: () => t('columns.criteria'),
        renderCell: (silence) => (
          <span className={styles.lines}>
            {labels.criteria(silence).map((line) => (
              <Text key={line}>{line}</Text>
            ))}
          </span>
        ),
      }),
      createTableColumn<SilenceView>({
        columnId: 'heldBack',
        renderHeaderCell: () => t('columns.heldBack'),
        renderCell: (silence) => t('heldBackCount', { count: silence.heldBackCount }),
      }),
      createTableColumn<SilenceView>({
        columnId: 'actions',
        renderHeaderCell: () => t('columns.actions'),
        renderCell: (silence) => (
          <span className={styles.actions}>
            <RowAction label={t('details', { name: silence.name })} icon={<InfoRegular />} onClick={() => onDetails(silence)} />
            {silence.canManage ? (
              <>
                <RowAction label={t('extend', { name: silence.name })} icon={<CalendarAddRegular />} onClick={() => onExtend(silence)} />
                <RowAction label={t('endNow', { name: silence.name })} icon={<StopRegular />} onClick={() => onEnd(silence)} />
              </>
            ) : null}
          </span>
        ),
      }),
    ],
    [t, styles, labels, onDetails, onExtend, onEnd],
  );

  return (
    <ListGrid
      items={silences}
      columns={columns}
      getRowId={(silence: SilenceView) => silence.id}
      label={t('gridLabel')}
      interactiveColumn="actions"
      columnSizing={SIZES}
    />
  );
}
