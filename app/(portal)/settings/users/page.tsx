import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listRbacRoleOptions } from '@/lib/data/rbac-roles';
import { listUsers } from '@/lib/data/users';
import { UsersView } from './users-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('users');
  return { title: t('title') };
}

export default async function UsersPage() {
  const session = await requirePortalUser();
  // Not found rather than forbidden: a page a role may not use does not exist for it.
  if (!session.can('users.view')) notFound();
  const [users, rbacRoles] = await Promise.all([listUsers(session.ctx), listRbacRoleOptions(session.ctx)]);
  // Every action checks 'users.manage' (and the self and last-administrator guards) again on the server.
  return (
    <UsersView
      users={users}
      currentUserId={session.user.id}
      rbacRoles={rbacRoles}
      rbacModel={session.tenant.permissionsModel === 'RBAC'}
    />
  );
}
