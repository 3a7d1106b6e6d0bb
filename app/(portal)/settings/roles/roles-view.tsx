'use client';

import { useTranslations } from 'next-intl';
import { Button, useRestoreFocusTarget } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { SettingsListPage } from '@/components/settings-list-page';
import { useListEditing } from '@/components/use-list-editing';
import type { RbacRoleView } from '@/lib/data/rbac-roles';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import { DeleteRoleDialog } from './delete-role-dialog';
import { RoleDialog } from './role-dialog';
import { RoleGrid } from './role-grid';

type Editing = { kind: 'add' } | { kind: 'edit'; role: RbacRoleView } | { kind: 'delete'; role: RbacRoleView };

export type RolesViewProps = {
  roles: RbacRoleView[];
  // Every device group of the tenant: a role may grant over any of them.
  deviceGroups: DeviceGroupOption[];
  canManage: boolean;
  // The tenant uses the RBAC permissions model; in the Basic model the roles grant nothing yet.
  rbacModel: boolean;
};

// The roles page: what each role grants over which device groups, and (for Global Administrators) add/edit/delete.
export function RolesView({ roles, deviceGroups, canManage, rbacModel }: RolesViewProps) {
  const t = useTranslations('roles');
  const { editing, notice, edit: setEditing, close, done } = useListEditing<Editing>();
  const restoreFocusTarget = useRestoreFocusTarget();

  return (
    <SettingsListPage
      title={t('title')}
      description={t('description')}
      readOnlyNotice={rbacModel ? null : t('basicModelNotice')}
      notice={notice}
      commands={
        canManage ? (
          <Button
            appearance="primary"
            icon={<AddRegular />}
            onClick={() => setEditing({ kind: 'add' })}
            {...restoreFocusTarget}
          >
            {t('add')}
          </Button>
        ) : null
      }
      count={t('count', { count: roles.length })}
    >
      <RoleGrid
        roles={roles}
        onEdit={canManage ? (role) => setEditing({ kind: 'edit', role }) : undefined}
        onDelete={canManage ? (role) => setEditing({ kind: 'delete', role }) : undefined}
      />
      {editing?.kind === 'add' ? (
        <RoleDialog deviceGroups={deviceGroups} onClose={close} onSaved={() => done(t('added'))} />
      ) : null}
      {editing?.kind === 'edit' ? (
        <RoleDialog
          key={editing.role.id}
          role={editing.role}
          deviceGroups={deviceGroups}
          onClose={close}
          onSaved={() => done(t('saved'))}
        />
      ) : null}
      {editing?.kind === 'delete' ? (
        <DeleteRoleDialog role={editing.role} onClose={close} onDeleted={() => done(t('deleted'))} />
      ) : null}
    </SettingsListPage>
  );
}
