'use client';

import { useTranslations } from 'next-intl';
import { Button, useRestoreFocusTarget } from '@fluentui/react-components';
import { SettingsListPage } from '@/components/settings-list-page';
import { useListEditing } from '@/components/use-list-editing';
import { PersonAddRegular } from '@fluentui/react-icons';
import type { RbacRoleOption } from '@/lib/data/rbac-roles';
import type { UserView } from '@/lib/data/users';
import { AddUserDialog } from './add-user-dialog';
import { AssignRolesDialog } from './assign-roles-dialog';
import { ChangeRoleDialog } from './change-role-dialog';
import { RemoveUserDialog } from './remove-user-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserGrid } from './user-grid';

type Editing =
  | { kind: 'add' }
  | { kind: 'role'; user: UserView }
  | { kind: 'rbacRoles'; user: UserView }
  | { kind: 'password'; user: UserView }
  | { kind: 'remove'; user: UserView };

export type UsersViewProps = {
  users: UserView[];
  currentUserId: string;
  // The tenant's RBAC roles (Settings → Roles), to assign.
  rbacRoles: RbacRoleOption[];
  // The tenant uses the RBAC permissions model; in the Basic model the roles grant nothing yet.
  rbacModel: boolean;
};

// The users page: only Global Administrators reach it, so every control is shown.
export function UsersView({ users, currentUserId, rbacRoles, rbacModel }: UsersViewProps) {
  const t = useTranslations('users');
  const { editing, notice, edit: setEditing, close, done } = useListEditing<Editing>();
  const restoreFocusTarget = useRestoreFocusTarget();

  return (
    <SettingsListPage
      title={t('title')}
      description={t('description')}
      notice={notice}
      commands={
        <>
          <Button
            appearance="primary"
            icon={<PersonAddRegular />}
            onClick={() => setEditing({ kind: 'add' })}
            {...restoreFocusTarget}
          >
            {t('add')}
          </Button>
        </>
      }
      count={t('count', { count: users.length })}
    >
      <UserGrid
        users={users}
        currentUserId={currentUserId}
        onChangeRole={(user) => setEditing({ kind: 'role', user })}
        onAssignRoles={(user) => setEditing({ kind: 'rbacRoles', user })}
        onResetPassword={(user) => setEditing({ kind: 'password', user })}
        onRemove={(user) => setEditing({ kind: 'remove', user })}
      />
      {editing?.kind === 'add' ? <AddUserDialog rbacRoles={rbacRoles} onClose={close} onAdded={() => done(t('added'))} /> : null}
      {editing?.kind === 'role' ? (
        <ChangeRoleDialog
          key={editing.user.id}
          user={editing.user}
          onClose={close}
          onChanged={() => done(t('roleChanged'))}
        />
      ) : null}
      {editing?.kind === 'rbacRoles' ? (
        <AssignRolesDialog
          key={editing.user.id}
          user={editing.user}
          roles={rbacRoles}
          rbacModel={rbacModel}
          onClose={close}
          onAssigned={() => done(t('rbacRolesChanged'))}
        />
      ) : null}
      {editing?.kind === 'password' ? (
        <ResetPasswordDialog
          key={editing.user.id}
          user={editing.user}
          onClose={close}
          onReset={() => done(t('passwordReset'))}
        />
      ) : null}
      {editing?.kind === 'remove' ? (
        <RemoveUserDialog user={editing.user} onClose={close} onRemoved={() => done(t('removed'))} />
      ) : null}
    </SettingsListPage>
  );
}
