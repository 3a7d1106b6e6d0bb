import { db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { batchKeyFor, leaseFrom, type ClaimedGroup } from '@/lib/notifications/claim';
import { log } from '@/lib/observability/logger';
import { appMetrics } from '@/lib/observability/metrics';

// Every outcome of a claimed group is written here, and only while the claim is still ours (status
// `sending` with our lease): a sender that lost its lease to another process must not overwrite the new
// owner's result. Each function returns false when the claim was lost.

const NOW = Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC')`);
const MAX_ERROR = 1000;

function ours(group: ClaimedGroup) {
  const ids = group.deliveries.map((d) => d.id);
  return Prisma.sql`"id" = ANY(${ids}::uuid[]) AND "status" = 'sending' AND "leaseUntil" = ${group.lease}::timestamp`;
}

function allOf(group: ClaimedGroup, count: number): boolean {
  if (count === group.deliveries.length) return true;
  log().warn({ batchKey: group.batchKey, stillOurs: count, deliveries: group.deliveries.length }, 'lost the claim on a group');
  return false;
}

function counted(status: string, count: number): void {
  if (count > 0) appMetrics().deliveries.inc({ status }, count);
}

// Extends the claim right before the request, so the time spent waiting for a rate-limit slot never eats
// into the lease that must outlast the request itself. Returns the renewed group, or null if it was lost.
export async function renewLease(group: ClaimedGroup, leaseMs: number): Promise<ClaimedGroup | null> {
  const rows = await db().$queryRaw<{ leaseUntil: Date }[]>`
    UPDATE "Delivery" SET "leaseUntil" = ${leaseFrom(leaseMs)}
    WHERE ${ours(group)} RETURNING "leaseUntil"`;
  return allOf(group, rows.length) ? { ...group, lease: rows[0].leaseUntil } : null;
}

export async function recordSent(group: ClaimedGroup, providerIds: readonly (string | null)[], note: string | null = null) {
  const ids = group.deliveries.map((d) => d.id);
  const count = await db().$executeRaw`
    UPDATE "Delivery" AS d SET "status" = 'sent', "providerMessageId" = v.pid, "sentAt" = ${NOW},
      "leaseUntil" = NULL, "lastError" = ${note}, "updatedAt" = ${NOW}
    FROM unnest(${ids}::uuid[], ${[...providerIds]}::text[]) AS v(id, pid)
    WHERE d."id" = v.id AND d."status" = 'sending' AND d."leaseUntil" = ${group.lease}::timestamp`;
  counted('sent', count);
  return allOf(group, count);
}

// A retryable failure: back to the queue after `delayMs`, or failed for good once the attempts are spent.
// `refund` gives the attempt back when the provider refused without trying (429 rate limit).
export async function recordRetry(group: ClaimedGroup, error: string, delayMs: number, maxAttempts: number, refund = false) {
  const spent = Prisma.sql`("attempts" - ${refund ? 1 : 0}) >= ${maxAttempts}`;
  const rows = await db().$queryRaw<{ status: string }[]>`
    UPDATE "Delivery" SET
      "attempts" = "attempts" - ${refund ? 1 : 0},
      "status" = CASE WHEN ${spent} THEN 'failed'::"DeliveryStatus" ELSE 'queued'::"DeliveryStatus" END,
      "lastError" = CASE WHEN ${spent} THEN ${clip(`Gave up after ${maxAttempts} attempts. Last error: ${error}`)} ELSE ${clip(error)} END,
      "nextAttemptAt" = ${NOW} + ${Math.max(0, delayMs)}::float8 * interval '1 millisecond',
      "leaseUntil" = NULL, "updatedAt" = ${NOW}
    WHERE ${ours(group)}
    RETURNING "status"::text AS "status"`;
  const failed = rows.filter((row) => row.status === 'failed').length;
  counted('failed', failed);
  counted('retry', rows.length - failed);
  return allOf(group, rows.length);
}

// Hands back a claim whose request never started (the process is stopping, or the database failed
// between claim and request): as if never claimed, the attempt given back. Due again after `delayMs`.
export async function releaseClaim(group: ClaimedGroup, delayMs = 0) {
  const count = await db().$executeRaw`
    UPDATE "Delivery" SET "status" = 'queued', "attempts" = "attempts" - 1,
      "nextAttemptAt" = ${NOW} + ${Math.max(0, delayMs)}::float8 * interval '1 millisecond',
      "leaseUntil" = NULL, "updatedAt" = ${NOW}
    WHERE ${ours(group)}`;
  counted('released', count);
  return allOf(group, count);
}

// The provider refused the request for a reason retrying cannot fix.
export async function recordFailed(group: ClaimedGroup, error: string) {
  const count = await db().$executeRaw`
    UPDATE "Delivery" SET "status" = 'failed', "lastError" = ${clip(error)}, "leaseUntil" = NULL, "updatedAt" = ${NOW}
    WHERE ${ours(group)}`;
  counted('failed', count);
  return allOf(group, count);
}

// A batch rejected as invalid sent nothing (Resend validates batches strictly, all or none), but only one
// email in it may be at fault. Each delivery is retried alone under its own key, so only the faulty one
// fails; the attempt is given back, since it was not theirs.
export async function splitRejectedBatch(group: ClaimedGroup, error: string) {
  const ids = group.deliveries.map((d) => d.id);
  const keys = ids.map((id) => batchKeyFor([id]));
  const count = await db().$executeRaw`
    UPDATE "Delivery" AS d SET "status" = 'queued', "batchKey" = v.key, "attempts" = d."attempts" - 1,
      "lastError" = ${clip(`Batch rejected, retrying alone: ${error}`)}, "nextAttemptAt" = ${NOW},
      "leaseUntil" = NULL, "updatedAt" = ${NOW}
    FROM unnest(${ids}::uuid[], ${keys}::text[]) AS v(id, key)
    WHERE d."id" = v.id AND d."status" = 'sending' AND d."leaseUntil" = ${group.lease}::timestamp`;
  counted('split', count);
  return allOf(group, count);
}

function clip(text: string): string {
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}
