'use client';

import { useMemo, type KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import {
  Badge,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  TableCellLayout,
  type TableColumnDefinition,
  useArrowNavigationGroup,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import type { RuleView } from '@/lib/data/rule-views';
import { useCatalogLabels, useWhenBy } from './labels';

export type RulesGridProps = {
  rules: RuleView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
};

// The rules as a Fluent DataGrid with single selection: clicking a row, or Space/Enter on it, selects it.
export function RulesGrid({ rules, selectedId, onSelect }: RulesGridProps) {
  const t = useTranslations('rules.list');
  const summary = useTranslations('rules.summary');
  const flags = useTranslations('rules.recipientFlags');
  const labels = useCatalogLabels();
  const whenBy = useWhenBy();
  // Rows are the keyboard stops (Tab enters the list, arrows move between rows). Composite mode would
  // swallow Enter to move into the row's cells, which would make Enter unable to open the details.
  const rowNavigation = useArrowNavigationGroup({ axis: 'vertical', memorizeCurrent: true });
  const headerNavigation = useArrowNavigationGroup({ axis: 'horizontal', memorizeCurrent: true });
  // Closing the side pane returns focus to the row that opened it.
  const restoreFocusTarget = useRestoreFocusTarget();

  const columns = useMemo<TableColumnDefinition<RuleView>[]>(
    () => [
      createTableColumn<RuleView>({
        columnId: 'name',
        compare: (a, b) => a.name.localeCompare(b.name),
        renderHeaderCell: () => t('columns.name'),
        renderCell: (rule) => <TableCellLayout truncate>{rule.name}</TableCellLayout>,
      }),
      createTableColumn<RuleView>({
        columnId: 'severity',
        renderHeaderCell: () => t('columns.severity'),
        renderCell: (rule) => <TableCellLayout>{labels.severities(rule.severities)}</TableCellLayout>,
      }),
      createTableColumn<RuleView>({
        columnId: 'deviceGroups',
        renderHeaderCell: () => t('columns.deviceGroups'),
        renderCell: (rule) => (
          <TableCellLayout truncate>
            {rule.allDeviceGroups
              ? t('allDeviceGroups')
              : [
                  ...rule.deviceGroups.map((group) => group.name),
                  ...(rule.hiddenDeviceGroupCount > 0
                    ? [summary('otherDeviceGroups', { count: rule.hiddenDeviceGroupCount })]
                    : []),
                ].join(', ')}
          </TableCellLayout>
        ),
      }),
      createTableColumn<RuleView>({
        columnId: 'recipients',
        compare: (a, b) => a.recipientCount - b.recipientCount,
        renderHeaderCell: () => t('columns.recipients'),
        renderCell: (rule) => (
          <TableCellLayout>
            {rule.recipientCount}{' '}
            {rule.undeliverableRecipients.length > 0 ? (
              <Badge appearance="tint" color="danger" title={rule.undeliverableRecipients.map((r) => r.email).join(', ')}>
                {flags('undeliverableCount', { count: rule.undeliverableRecipients.length })}
              </Badge>
            ) : null}
          </TableCellLayout>
        ),
      }),
      createTableColumn<RuleView>({
        columnId: 'status',
        compare: (a, b) => Number(b.enabled) - Number(a.enabled),
        renderHeaderCell: () => t('columns.status'),
        renderCell: (rule) => (
          <Badge appearance="tint" color={rule.enabled ? 'success' : 'informative'}>
            {rule.enabled ? t('enabled') : t('disabled')}
          </Badge>
        ),
      }),
      createTableColumn<RuleView>({
        columnId: 'lastModified',
        compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
        renderHeaderCell: () => t('columns.lastModified'),
        renderCell: (rule) => <TableCellLayout truncate>{whenBy(rule.updatedAt, rule.updatedBy)}</TableCellLayout>,
      }),
    ],
    [t, summary, labels, whenBy],
  );

  return (
    <DataGrid
      items={rules}
      columns={columns}
      getRowId={(rule: RuleView) => rule.id}
      selectionMode="single"
      selectedItems={selectedId ? [selectedId] : []}
      onSelectionChange={(_event, data) => {
        const [id] = [...data.selectedItems];
        if (typeof id === 'string') onSelect(id);
      }}
      sortable
      focusMode="row_unstable"
      aria-label={t('gridLabel')}
    >
      <DataGridHeader>
        <DataGridRow {...headerNavigation}>
          {({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}
        </DataGridRow>
      </DataGridHeader>
      <DataGridBody<RuleView> {...rowNavigation}>
        {({ item, rowId }) => (
          <DataGridRow<RuleView>
            key={rowId}
            {...restoreFocusTarget}
            // The row itself is focusable and selects with Space/Enter; its radio needs no tab stop of its own.
            selectionCell={{ radioIndicator: { 'aria-label': t('selectRule', { name: item.name }), input: { tabIndex: -1 } } }}
            onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
              // Space selects (DataGrid's own); Enter opens the details too. preventDefault stops the same key
              // press from activating the side pane's first button, which has focus by then.
              if (event.key === 'Enter') {
                event.preventDefault();
                onSelect(item.id);
              }
            }}
          >
            {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
