import { createHash } from 'node:crypto';
import { recheckRecipientAccess } from '@/lib/notifications/recheck-access';
import { db, type Tx } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Language } from '@/lib/rules/catalog';

// Claiming work from the outbox. Any number of processes may call this at once: a claim is a short
// transaction that marks deliveries `sending` under a lease, so nobody else takes them until the lease
// ends (the sender died) or the outcome is recorded.
//
// Every claimed delivery gets a `batchKey`, which is also the provider's idempotency key. Once given it
// never changes: a retry or a re-claim after a crash re-sends exactly the same deliveries under the same
// key, so a request the provider had already accepted is answered from its idempotency cache, not sent twice.

export type ClaimedDelivery = {
  id: string;
  tenantId: string;
  kind: 'incident' | 'test';
  eventId: string | null;
  incidentId: string | null;
  recipientEmail: string;
  language: Language;
  includeOrganizationName: boolean;
  includeTenantPortalLink: boolean;
  // What this recipient's email may show (lib/rules/match.ts decided it at ingest).
  alertExternalIds: string[];
  deviceGroupIds: string[];
  withheldAlertCount: number;
  scopeLimited: boolean;
  attempts: number;
};

export type ClaimedGroup = {
  batchKey: string;
  // The lease doubles as our claim token: every later write checks it, so a sender whose lease was taken
  // over cannot overwrite the new owner's outcome.
  lease: Date;
  deliveries: ClaimedDelivery[]; // ordered by id: the request composition is deterministic
};

export type ClaimOptions = { leaseMs: number; batchSize: number; ids?: readonly string[] };

const NOW = Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC')`);
const DUE = Prisma.sql`(("status" = 'queued' AND "nextAttemptAt" <= ${NOW}) OR ("status" = 'sending' AND "leaseUntil" < ${NOW}))`;

// One instant for every row of the group (an uncorrelated subquery runs once; clock_timestamp() alone would
// differ from row to row), truncated to the column's precision so the value we hold compares equal.
export function leaseFrom(leaseMs: number) {
  return Prisma.sql`(SELECT date_trunc('milliseconds', ${NOW} + ${leaseMs}::float8 * interval '1 millisecond'))`;
}

export async function claimNextGroup(options: ClaimOptions): Promise<ClaimedGroup | null> {
  return db().$transaction(async (tx) => (await reclaimGroup(tx, options)) ?? (await claimFresh(tx, options)));
}

export function batchKeyFor(ids: readonly string[]): string {
  if (ids.length === 1) return `delivery-${ids[0]}`;
  const digest = createHash('sha256').update([...ids].sort().join(',')).digest('hex');
  return `batch-${digest}`;
}

// Deliveries that already have a key (retries, and requests whose sender died) go out again as the same
// group, all of it or nothing.
async function reclaimGroup(tx: Tx, options: ClaimOptions): Promise<ClaimedGroup | null> {
  const onlyIds = options.ids
    ? Prisma.sql`AND "batchKey" IN (SELECT "batchKey" FROM "Delivery" WHERE "id" = ANY(${[...options.ids]}::uuid[]))`
    : Prisma.empty;
  const candidates = await tx.$queryRaw<{ batchKey: string }[]>`
    SELECT "batchKey" FROM "Delivery" WHERE "batchKey" IS NOT NULL AND ${DUE} ${onlyIds}
    GROUP BY "batchKey" ORDER BY min("nextAttemptAt") LIMIT 10`;
  for (const { batchKey } of candidates) {
    // Row locks alone could split a group between two claimers (each skipping the rows the other holds);
    // the advisory lock makes the whole group one unit, and try-lock never waits, so claimers cannot deadlock.
    const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtextextended(${batchKey}, 7477)) AS locked`;
    if (!locked) continue;
    const rows = await tx.$queryRaw<{ id: string; due: boolean; retry: boolean }[]>`
      SELECT "id", ${DUE} AS "due", "status" = 'queued' AS "retry" FROM "Delivery" WHERE "batchKey" = ${batchKey} ORDER BY "id" FOR UPDATE`;
    // A retry after a recorded failure whose recipient may no longer see anything of it is not sent again.
    // (One whose sender died, `sending`, may already be with the provider: it goes again exactly as it was.)
    const retries = rows.filter((row) => row.due && row.retry).map((row) => row.id);
    const dropped = new Set(retries);
    if (retries.length > 0) for (const id of await recheckRecipientAccess(tx, retries, { narrow: false })) dropped.delete(id);
    const due = rows.filter((row) => row.due && !dropped.has(row.id)).map((row) => row.id);
    // Someone claimed it between our look and our lock, or nobody may receive it any more.
    if (due.length === 0) continue;
    if (due.length !== rows.length) {
      console.warn(`[dispatcher] group ${batchKey}: ${rows.length - due.length} of ${rows.length} deliveries not due or filtered; sending the rest`);
    }
    return markSending(tx, due, batchKey, options.leaseMs);
  }
  return null;
}

async function claimFresh(tx: Tx, options: ClaimOptions): Promise<ClaimedGroup | null> {
  const onlyIds = options.ids ? Prisma.sql`AND "id" = ANY(${[...options.ids]}::uuid[])` : Prisma.empty;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Delivery"
    WHERE "batchKey" IS NULL AND "status" = 'queued' AND "nextAttemptAt" <= ${NOW} ${onlyIds}
    ORDER BY "nextAttemptAt", "id" LIMIT ${options.batchSize}
    FOR UPDATE SKIP LOCKED`;
  if (rows.length === 0) return null;
  const ids = (await recheckRecipientAccess(tx, rows.map((row) => row.id))).sort();
  // Every one of them was filtered away; the next call looks for more.
  if (ids.length === 0) return claimFresh(tx, options);
  return markSending(tx, ids, batchKeyFor(ids), options.leaseMs);
}

async function markSending(tx: Tx, ids: string[], batchKey: string, leaseMs: number): Promise<ClaimedGroup> {
  const rows = await tx.$queryRaw<(ClaimedDelivery & { leaseUntil: Date })[]>`
    UPDATE "Delivery" SET "status" = 'sending', "attempts" = "attempts" + 1, "batchKey" = ${batchKey},
      "leaseUntil" = ${leaseFrom(leaseMs)},
      "updatedAt" = ${NOW}
    WHERE "id" = ANY(${ids}::uuid[])
    RETURNING "id", "tenantId", "kind"::text AS "kind", "eventId", "incidentId", "recipientEmail",
      "language"::text AS "language", "includeOrganizationName", "includeTenantPortalLink",
      "alertExternalIds", "deviceGroupIds", "withheldAlertCount", "scopeLimited", "attempts", "leaseUntil"`;
  const deliveries = rows
    .map(({ leaseUntil: _lease, ...delivery }) => delivery)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { batchKey, lease: rows[0].leaseUntil, deliveries };
}
