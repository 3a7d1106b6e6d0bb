import type { ReactNode } from 'react';
import { requirePortalUser } from '@/lib/auth/session';
import { AppShell } from '@/components/app-shell/app-shell';

// Every page under (portal) needs a signed-in user; pages and actions still check their own permissions.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const { user, tenant } = await requirePortalUser();
  return (
    <AppShell tenantName={tenant.name} userName={user.name} userEmail={user.email}>
      {children}
    </AppShell>
  );
}
