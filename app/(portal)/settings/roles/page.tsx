import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listDeviceGroupOptions } from '@/lib/data/device-groups';
import { listRbacRoles } from '@/lib/data/rbac-roles';
import { RolesView } from './roles-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('roles');
  return { title: t('title') };
}

export default async function RolesPage() {
  const session = await requirePortalUser();
  // Not found rather than forbidden: a page a role may not use does not exist for it.
  if (!session.can('roles.view')) notFound();
  // Only a Global Administrator gets here, so the options are every device group of the tenant.
  const [roles, deviceGroups] = await Promise.all([listRbacRoles(session.ctx), listDeviceGroupOptions(session.ctx)]);
  // Every action checks 'roles.manage' again on the server.
  return (
    <RolesView
      roles={roles}
      deviceGroups={deviceGroups}
      canManage={session.can('roles.manage')}
      rbacModel={session.tenant.permissionsModel === 'RBAC'}
    />
  );
}
