'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { createTableColumn, makeStyles, Text, tokens, type TableColumnDefinition } from '@fluentui/react-components';
import { RowAction } from '@/components/row-action';
import { KeyResetRegular, PeopleTeamRegular, PersonDeleteRegular, PersonEditRegular } from '@fluentui/react-icons';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_UTC } from '@/components/date-formats';
import type { UserView } from '@/lib/data/users';

export type UserGridProps = {
  users: UserView[];
  // The signed-in administrator: their own row offers no role change, reset or removal (the server refuses them too).
  currentUserId: string;
  onChangeRole: (user: UserView) => void;
  onAssignRoles: (user: UserView) => void;
  onResetPassword: (user: UserView) => void;
  onRemove: (user: UserView) => void;
};

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function UserGrid({ users, currentUserId, onChangeRole, onAssignRoles, onResetPassword, onRemove }: UserGridProps) {
  const t = useTranslations('users');
  const languages = useTranslations('common.languages');
  const format = useFormatter();
  const styles = useStyles();

  const columns = useMemo<TableColumnDefinition<UserView>[]>(
    () => [
      createTableColumn<UserView>({
        columnId: 'name',
        compare: (a, b) => a.name.localeCompare(b.name),
        renderHeaderCell: () => t('columns.name'),
        renderCell: (user) => (
          <Text weight="semibold">
            {user.name} {user.id === currentUserId ? <span className={styles.muted}>{t('you')}</span> : null}
          </Text>
        ),
      }),
      createTableColumn<UserView>({
        columnId: 'email',
        compare: (a, b) => a.email.localeCompare(b.email),
        renderHeaderCell: () => t('columns.email'),
        renderCell: (user) => user.email,
      }),
      createTableColumn<UserView>({
        columnId: 'role',
        compare: (a, b) => t(`roles.${a.role}`).localeCompare(t(`roles.${b.role}`)),
        renderHeaderCell: () => t('columns.role'),
        renderCell: (user) => t(`roles.${user.role}`),
      }),
      createTableColumn<UserView>({
        columnId: 'rbacRoles',
        renderHeaderCell: () => t('columns.rbacRoles'),
        renderCell: (user) =>
          user.rbacRoles.length > 0 ? (
            user.rbacRoles.map((role) => role.name).join(', ')
          ) : (
            <span className={styles.muted}>{t('noRbacRoles')}</span>
          ),
      }),
      createTableColumn<UserView>({
        columnId: 'language',
        compare: (a, b) => a.language.localeCompare(b.language),
        renderHeaderCell: () => t('columns.language'),
        renderCell: (user) => <span lang={user.language}>{languages(user.language)}</span>,
      }),
      createTableColumn<UserView>({
        columnId: 'createdAt',
        compare: (a, b) => a.createdAt.localeCompare(b.createdAt),
        renderHeaderCell: () => t('columns.createdAt'),
        renderCell: (user) => (
          <time dateTime={user.createdAt}>{format.dateTime(new Date(user.createdAt), DATE_TIME_UTC)}</time>
        ),
      }),
      createTableColumn<UserView>({
        columnId: 'actions',
        renderHeaderCell: () => t('columns.actions'),
        // On their own row an administrator may only assign RBAC roles (harmless: they hold everything anyway).
        renderCell: (user) => (
          <div className={styles.actions}>
            {user.id === currentUserId ? null : (
              <RowAction
                label={t('changeRoleLabel', { name: user.name })}
                icon={<PersonEditRegular />}
                onClick={() => onChangeRole(user)}
              />
            )}
            <RowAction
              label={t('assignRolesLabel', { name: user.name })}
              icon={<PeopleTeamRegular />}
              onClick={() => onAssignRoles(user)}
            />
            {user.id === currentUserId ? null : (
              <>
                <RowAction
                  label={t('resetPasswordLabel', { name: user.name })}
                  icon={<KeyResetRegular />}
                  onClick={() => onResetPassword(user)}
                />
                <RowAction
                  label={t('removeLabel', { name: user.name })}
                  icon={<PersonDeleteRegular />}
                  onClick={() => onRemove(user)}
                />
              </>
            )}
          </div>
        ),
      }),
    ],
    [t, languages, format, styles, currentUserId, onChangeRole, onAssignRoles, onResetPassword, onRemove],
  );

  return (
    <ListGrid
      items={users}
      columns={columns}
      getRowId={(user: UserView) => user.id}
      label={t('gridLabel')}
      interactiveColumn="actions"
      sortable
      defaultSortState={{ sortColumn: 'name', sortDirection: 'ascending' }}
    />
  );
}
