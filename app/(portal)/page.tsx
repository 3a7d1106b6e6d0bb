import { redirect } from 'next/navigation';
import { NAV_LINKS } from '@/components/app-shell/nav-links';
import { requirePortalUser } from '@/lib/auth/session';
import { NoAccess } from './no-access';

// The rules list for whoever may see it. In the RBAC model a user may hold no role yet: they are told so,
// rather than shown a "not found".
export default async function PortalHome() {
  const session = await requirePortalUser();
  if (session.can('rules.view')) redirect(NAV_LINKS.incidents);
  return <NoAccess tenantName={session.tenant.name} />;
}
