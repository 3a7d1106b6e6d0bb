import type { ReactNode } from 'react';
import { auditLogReach } from '@/lib/auth/audit-log-reach';
import { requirePortalUser } from '@/lib/auth/session';
import { canViewMailSink } from '@/lib/mail-sink/access';
import { AppShell } from '@/components/app-shell/app-shell';
import { UndeliverableBanner } from '@/components/app-shell/undeliverable-banner';
import { SilenceEndingBanner } from '@/components/app-shell/silence-ending-banner';
import { undeliverableRecipientAddresses } from '@/lib/data/undeliverable-addresses';
import { silencesEndingSoon } from '@/lib/data/silences';

// Every page under (portal) needs a signed-in user; pages and actions still check their own permissions.
export default async function PortalLayout({ children }: { children: ReactNode }) {
  const session = await requirePortalUser();
  const { user, tenant } = session;
  const undeliverable = session.can('addresses.reviewUndeliverable') ? await undeliverableRecipientAddresses(session.ctx) : [];
  // Only silences the user could extend: a reminder they cannot act on is noise.
  const endingSilences = session.can('silences.manage') ? await silencesEndingSoon(session.ctx) : [];
  return (
    <AppShell
      tenantName={tenant.name}
      userName={user.name}
      userEmail={user.email}
      visibleLinks={{
        incidents: session.can('rules.view'),
        received: session.can('incidents.view'),
        deliveries: session.can('deliveries.view'),
        silences: session.can('silences.view'),
        deviceGroups: session.can('deviceGroups.view'),
        apiKeys: session.can('apiKeys.view'),
        users: session.can('users.view'),
        roles: session.can('roles.view'),
        organization: session.can('tenant.manage'),
        auditLog: auditLogReach(session.actor, tenant.permissionsModel).kind !== 'none',
        mailSink: canViewMailSink(session),
      }}
    >
      <UndeliverableBanner addresses={undeliverable} />
      <SilenceEndingBanner silences={endingSilences} />
      {children}
    </AppShell>
  );
}
