'use client';

import { useMemo } from 'react';
import { useTranslations } from 'next-intl';
import { createTableColumn, makeStyles, Text, tokens, type TableColumnDefinition } from '@fluentui/react-components';
import { DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { ListGrid } from '@/components/list-grid';
import { RowAction } from '@/components/row-action';
import type { RbacRoleView } from '@/lib/data/rbac-roles';

export type RoleGridProps = {
  roles: RbacRoleView[];
  // Absent for someone who may only look: no buttons are shown.
  onEdit?: (role: RbacRoleView) => void;
  onDelete?: (role: RbacRoleView) => void;
};

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  name: { display: 'flex', flexDirection: 'column' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function RoleGrid({ roles, onEdit, onDelete }: RoleGridProps) {
  const t = useTranslations('roles');
  const styles = useStyles();
  const interactive = onEdit !== undefined || onDelete !== undefined;

  const columns = useMemo<TableColumnDefinition<RbacRoleView>[]>(
    () => [
      createTableColumn<RbacRoleView>({
        columnId: 'name',
        compare: (a, b) => a.name.localeCompare(b.name),
        renderHeaderCell: () => t('columns.name'),
        renderCell: (role) => (
          <span className={styles.name}>
            <Text weight="semibold">{role.name}</Text>
            {role.description ? <Text size={200} className={styles.muted}>{role.description}</Text> : null}
          </span>
        ),
      }),
      createTableColumn<RbacRoleView>({
        columnId: 'permissions',
        renderHeaderCell: () => t('columns.permissions'),
        renderCell: (role) => role.permissions.map((permission) => t(`permissions.${permission}`)).join(', '),
      }),
      createTableColumn<RbacRoleView>({
        columnId: 'deviceGroups',
        renderHeaderCell: () => t('columns.deviceGroups'),
        renderCell: (role) => role.deviceGroups.map((group) => group.name).join(', '),
      }),
      createTableColumn<RbacRoleView>({
        columnId: 'users',
        compare: (a, b) => a.userCount - b.userCount,
        renderHeaderCell: () => t('columns.users'),
        renderCell: (role) => t('userCount', { count: role.userCount }),
      }),
      ...(interactive
        ? [
            createTableColumn<RbacRoleView>({
              columnId: 'actions',
              renderHeaderCell: () => t('columns.actions'),
              renderCell: (role) => (
                <div className={styles.actions}>
                  {onEdit ? (
                    <RowAction label={t('editLabel', { name: role.name })} icon={<EditRegular />} onClick={() => onEdit(role)} />
                  ) : null}
                  {onDelete ? (
                    <RowAction
                      label={t('deleteLabel', { name: role.name })}
                      icon={<DeleteRegular />}
                      onClick={() => onDelete(role)}
                    />
                  ) : null}
                </div>
              ),
            }),
          ]
        : []),
    ],
    [t, styles, interactive, onEdit, onDelete],
  );

  return (
    <ListGrid
      items={roles}
      columns={columns}
      getRowId={(role: RbacRoleView) => role.id}
      label={t('gridLabel')}
      interactiveColumn="actions"
      sortable
      defaultSortState={{ sortColumn: 'name', sortDirection: 'ascending' }}
    />
  );
}
