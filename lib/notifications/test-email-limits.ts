import type { Tx } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { SafeError } from '@/lib/safe-error';

// "Send test email" reaches any address the user types, through the deployment's provider account and
// rate: unlimited, it is a relay. Test emails are counted per user and per tenant over the last hour, from
// the delivery rows themselves (every test email is one), so the limit holds across processes and restarts.

export type TestEmailLimits = { perUserPerHour: number; perTenantPerHour: number };

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_TEST_EMAIL_LIMITS: TestEmailLimits = { perUserPerHour: 20, perTenantPerHour: 100 };

export function testEmailLimits(env: Env = process.env): TestEmailLimits {
  return {
    perUserPerHour: count(env, 'TEST_EMAIL_LIMIT_PER_USER_HOUR', DEFAULT_TEST_EMAIL_LIMITS.perUserPerHour),
    perTenantPerHour: count(env, 'TEST_EMAIL_LIMIT_PER_TENANT_HOUR', DEFAULT_TEST_EMAIL_LIMITS.perTenantPerHour),
  };
}

// Refuses (SafeError) when `wanted` more test emails would exceed either limit. Run inside the transaction
// that inserts them: the tenant's advisory lock makes check and insert one step, so parallel calls cannot
// all pass the same count.
export async function reserveTestEmails(
  tx: Tx,
  who: { tenantId: string; userId: string },
  wanted: number,
  limits: TestEmailLimits,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`test-email:${who.tenantId}`}, 7477))`;
  const [used] = await tx.$queryRaw<{ tenant: number; user: number }[]>`
    SELECT count(*)::int AS "tenant", (count(*) FILTER (WHERE "requestedById" = ${who.userId}::uuid))::int AS "user"
    FROM "Delivery"
    WHERE "tenantId" = ${who.tenantId}::uuid AND "kind" = 'test'
      AND "createdAt" > ${Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC') - interval '1 hour'`)}`;
  if (used.user + wanted > limits.perUserPerHour) {
    throw new SafeError('testEmailLimitUser', params(limits.perUserPerHour, used.user));
  }
  if (used.tenant + wanted > limits.perTenantPerHour) {
    throw new SafeError('testEmailLimitTenant', params(limits.perTenantPerHour, used.tenant));
  }
}

function params(limit: number, used: number): Record<string, string> {
  return { limit: String(limit), remaining: String(Math.max(0, limit - used)) };
}

function count(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number (0 or more), got "${raw}".`);
  return value;
}
