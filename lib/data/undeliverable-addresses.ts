import 'server-only';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';

// Addresses the provider reported it will not deliver to (hard bounce, spam complaint, suppression
// list), flagged on every rule that lists them until an email to them is delivered again.

export type UndeliverableView = { email: string; status: 'bounced' | 'complained' | 'suppressed'; reason: string | null; at: string };

export async function undeliverableAddresses(ctx: TenantContext): Promise<Map<string, UndeliverableView>> {
  const rows = await db().undeliverableAddress.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { occurredAt: 'desc' } });
  return new Map(
    rows
      .filter((row) => row.status === 'bounced' || row.status === 'complained' || row.status === 'suppressed')
      .map((row) => [
        row.email,
        { email: row.email, status: row.status as UndeliverableView['status'], reason: row.reason, at: row.occurredAt.toISOString() },
      ]),
  );
}

// The flagged addresses some rule of the tenant still sends to: what the administrators' banner lists.
export async function undeliverableRecipientAddresses(ctx: TenantContext): Promise<string[]> {
  const rows = await db().$queryRaw<{ email: string }[]>`
    SELECT u."email" FROM "UndeliverableAddress" u
    WHERE u."tenantId" = ${ctx.tenantId}::uuid
      AND EXISTS (SELECT 1 FROM "RuleRecipient" r WHERE r."tenantId" = u."tenantId" AND lower(r."email") = u."email")
    ORDER BY u."occurredAt" DESC`;
  return rows.map((row) => row.email);
}
