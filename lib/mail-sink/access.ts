import 'server-only';
import type { PortalSession } from '@/lib/auth/session';
import { mailSinkInUse } from '@/lib/mail-sink/key';

// The mail sink shows a tenant's outgoing email (the sink pages read only the signed-in user's tenant's
// emails), so only that tenant's administrators see it, and only while it is in use (no RESEND_API_KEY):
// with a real provider there is nothing local to show. The navigation and both sink pages ask this one question.
export function canViewMailSink(session: PortalSession): boolean {
  return mailSinkInUse() && session.can('deviceGroups.manage');
}
