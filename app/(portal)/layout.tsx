import type { ReactNode } from 'react';
import { requirePortalUser } from '@/lib/auth/session';
import { canViewMailSink } from '@/lib/notifications/mail-sink-access';
import { AppShell } from '@/components/app-shell/app-shell';

// Every page under (portal) needs a signed-in user; pages and actions still check their own permissions.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await requirePortalUser();
  const { user, tenant } = session;
  return (
    <AppShell
      tenantName={tenant.name}
      userName={user.name}
      userEmail={user.email}
      showMailSink={canViewMailSink(session)}
      showUsers={session.can('users.view')}
      showRoles={session.can('roles.view')}
      showOrganization={session.can('tenant.manage')}
    >
      {children}
    </AppShell>
  );
}
