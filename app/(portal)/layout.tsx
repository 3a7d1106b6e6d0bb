import type { ReactNode } from 'react';
import { requirePortalUser } from '@/lib/auth/session';
import { canViewMailSink } from '@/lib/mail-sink/access';
import { AppShell } from '@/components/app-shell/app-shell';
import { UndeliverableBanner } from '@/components/app-shell/undeliverable-banner';
import { undeliverableRecipientAddresses } from '@/lib/data/undeliverable-addresses';

// Every page under (portal) needs a signed-in user; pages and actions still check their own permissions.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await requirePortalUser();
  const { user, tenant } = session;
  const undeliverable = session.can('addresses.reviewUndeliverable') ? await undeliverableRecipientAddresses(session.ctx) : [];
  return (
    <AppShell
      tenantName={tenant.name}
      userName={user.name}
      userEmail={user.email}
      visibleLinks={{
        incidents: session.can('rules.view'),
        received: session.can('incidents.view'),
        deliveries: session.can('deliveries.view'),
        deviceGroups: session.can('deviceGroups.view'),
        apiKeys: session.can('apiKeys.view'),
        users: session.can('users.view'),
        roles: session.can('roles.view'),
        organization: session.can('tenant.manage'),
        mailSink: canViewMailSink(session),
      }}
    >
      <UndeliverableBanner addresses={undeliverable} />
      {children}
    </AppShell>
  );
}
