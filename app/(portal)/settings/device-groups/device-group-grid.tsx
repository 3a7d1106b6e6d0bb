'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { createTableColumn, makeStyles, Text, tokens, type TableColumnDefinition } from '@fluentui/react-components';
import { RowAction } from '@/components/row-action';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_UTC } from '@/components/date-formats';
import { DeleteRegular, RenameRegular } from '@fluentui/react-icons';
import type { DeviceGroupView } from '@/lib/data/rule-views';

export type DeviceGroupGridProps = {
  groups: DeviceGroupView[];
  // Without these the grid is read-only: no actions column at all.
  onRename?: (group: DeviceGroupView) => void;
  onRemove?: (group: DeviceGroupView) => void;
};

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  empty: { paddingBlock: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

export function DeviceGroupGrid({ groups, onRename, onRemove }: DeviceGroupGridProps) {
  const t = useTranslations('deviceGroups');
  const format = useFormatter();
  const styles = useStyles();
  // Focus returns to the button that opened a dialog once the dialog closes.

  const columns = useMemo(() => {
    const list: TableColumnDefinition<DeviceGroupView>[] = [
      createTableColumn<DeviceGroupView>({
        columnId: 'name',
        compare: (a, b) => a.name.localeCompare(b.name),
        renderHeaderCell: () => t('columns.name'),
        renderCell: (group) => <Text weight="semibold">{group.name}</Text>,
      }),
      createTableColumn<DeviceGroupView>({
        columnId: 'rbacGroupId',
        compare: (a, b) => (a.rbacGroupId ?? '').localeCompare(b.rbacGroupId ?? '', undefined, { numeric: true }),
        renderHeaderCell: () => t('columns.rbacGroupId'),
        renderCell: (group) => group.rbacGroupId ?? <span className={styles.muted}>{t('noRbacGroupId')}</span>,
      }),
      createTableColumn<DeviceGroupView>({
        columnId: 'usedBy',
        compare: (a, b) => a.usedByRules.length - b.usedByRules.length,
        renderHeaderCell: () => t('columns.usedBy'),
        renderCell: (group) =>
          group.usedByRules.length > 0 ? (
            format.list(group.usedByRules, { type: 'conjunction' })
          ) : (
            <span className={styles.muted}>{t('notUsed')}</span>
          ),
      }),
      createTableColumn<DeviceGroupView>({
        columnId: 'updatedAt',
        compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
        renderHeaderCell: () => t('columns.updatedAt'),
        renderCell: (group) => (
          <time dateTime={group.updatedAt}>{format.dateTime(new Date(group.updatedAt), DATE_TIME_UTC)}</time>
        ),
      }),
    ];
    if (onRename && onRemove) {
      list.push(
        createTableColumn<DeviceGroupView>({
          columnId: 'actions',
          renderHeaderCell: () => t('columns.actions'),
          renderCell: (group) => (
            <div className={styles.actions}>
              <RowAction
                label={t('renameLabel', { name: group.name })}
                icon={<RenameRegular />}
                onClick={() => onRename(group)}
              />
              <RowAction
                label={t('removeLabel', { name: group.name })}
                icon={<DeleteRegular />}
                onClick={() => onRemove(group)}
              />
            </div>
          ),
        }),
      );
    }
    return list;
  }, [t, format, styles, onRename, onRemove]);

  return (
    <>
      <ListGrid
        items={groups}
        columns={columns}
        getRowId={(group: DeviceGroupView) => group.id}
        label={t('gridLabel')}
        interactiveColumn="actions"
        sortable
        defaultSortState={{ sortColumn: 'name', sortDirection: 'ascending' }}
      />
      {groups.length === 0 ? <Text className={styles.empty}>{t('empty')}</Text> : null}
    </>
  );
}
