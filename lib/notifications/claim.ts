import { createHash } from 'node:crypto';
import { recheckRecipientAccess } from '@/lib/notifications/recheck-access';
import { holdSilencedDeliveries } from '@/lib/notifications/silence-check';
import { applyCaps } from '@/lib/notifications/cap-check';
import { db, type Tx } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Language } from '@/lib/i18n/languages';
import { log } from '@/lib/observability/logger';
import { appMetrics } from '@/lib/observability/metrics';

// Claiming work from the outbox. Any number of processes may call this at once: a claim is a short
// transaction that marks deliveries `sending` under a lease, so nobody else takes them until the lease
// ends (the sender died) or the outcome is recorded.
//
// Every claimed delivery gets a `batchKey`, which is also the provider's idempotency key. Once given it
// never changes: a retry or a re-claim after a crash re-sends exactly the same deliveries under the same
// key, so a request the provider had already accepted is answered from its idempotency cache, not sent twice.
//
// Real notifications go first: incident deliveries are claimed before test emails, and a claim limited to
// some test emails (the "Send test email" path) takes none while any incident delivery is due, so test
// emails never take the provider rate from real ones.

export type ClaimedDelivery = {
  id: string;
  tenantId: string;
  kind: 'incident' | 'digest' | 'test';
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
  // An earlier request of this group may have reached the provider, and so long ago that the provider may
  // have forgotten its idempotency key: sending it again could deliver it twice.
  beyondIdempotencyWindow: boolean;
};

// Resend remembers an idempotency key for 24 hours. The first request of a delivery is never earlier than
// the delivery itself, so its age bounds the key's; the margin covers the lease, a slow request and clock skew.
export const PROVIDER_IDEMPOTENCY_WINDOW_HOURS = 24;
const IDEMPOTENCY_SAFETY_HOURS = 1;

// `clock` says which instant silences and caps are judged at (tests move it; the dispatcher uses the real time).
export type ClaimOptions = { leaseMs: number; batchSize: number; ids?: readonly string[]; clock?: () => Date };

const NOW = Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC')`);
const DUE = Prisma.sql`(("status" = 'queued' AND "nextAttemptAt" <= ${NOW}) OR ("status" = 'sending' AND "leaseUntil" < ${NOW}))`;

// One instant for every row of the group (an uncorrelated subquery runs once; clock_timestamp() alone would
// differ from row to row), truncated to the column's precision so the value we hold compares equal.
export function leaseFrom(leaseMs: number) {
  return Prisma.sql`(SELECT date_trunc('milliseconds', ${NOW} + ${leaseMs}::float8 * interval '1 millisecond'))`;
}

// Prisma's default 5 s is too short for a full batch under load (access re-check, silences, caps and digest
// holds of 100 deliveries); a claim that times out rolls back and meets the same rows first next round, so
// it would never go out. Bounded all the same: the claim holds row and advisory locks other claimers wait for.
const CLAIM_TIMEOUT_MS = 30_000;

// A digest's claim re-checks every item it lists (digest-hold.ts), so digests are claimed a few at a time:
// a claim's work then grows with one digest's items, not with a hundred digests'.
const DIGESTS_PER_CLAIM = 1;

type Kind = ClaimedDelivery['kind'];
// Digests after incidents (what is happening now first), before test emails.
const KINDS_IN_ORDER: readonly Kind[] = ['incident', 'digest', 'test'];

// A batch whose every delivery was filtered away or silenced: recorded, nothing to send from it.
const NOTHING_LEFT = Symbol('nothing left of the batch');

export async function claimNextGroup(options: ClaimOptions): Promise<ClaimedGroup | null> {
  // One transaction per batch looked at: a long run of batches held back (a silence over an incident storm)
  // commits batch by batch, instead of growing one transaction until its timeout rolls all of it back and
  // the next round meets the same batches again. Each pass moves its batch out of `queued`, so this ends.
  for (;;) {
    const claimed = await db().$transaction(async (tx) => {
      for (const kind of KINDS_IN_ORDER) {
        // Without `ids` the incident step has just taken every incident delivery it could; with them it
        // looked only at those ids, so what else is due must be asked.
        if (kind === 'test' && options.ids && (await incidentDeliveriesDue(tx))) return null;
        const group = (await reclaimGroup(tx, kind, options)) ?? (await claimFresh(tx, kind, options));
        if (group) return group;
      }
      return null;
    }, { timeout: CLAIM_TIMEOUT_MS });
    if (claimed !== NOTHING_LEFT) return claimed;
  }
}

async function incidentDeliveriesDue(tx: Tx): Promise<boolean> {
  const [{ due }] = await tx.$queryRaw<{ due: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "Delivery" WHERE "kind" = 'incident' AND ${DUE}) AS "due"`;
  return due;
}

export function batchKeyFor(ids: readonly string[]): string {
  if (ids.length === 1) return `delivery-${ids[0]}`;
  const digest = createHash('sha256').update([...ids].sort().join(',')).digest('hex');
  return `batch-${digest}`;
}

// Deliveries that already have a key (retries, and requests whose sender died) go out again as the same
// group, all of it or nothing.
async function reclaimGroup(tx: Tx, kind: Kind, options: ClaimOptions): Promise<ClaimedGroup | null> {
  const onlyIds = options.ids
    ? Prisma.sql`AND "batchKey" IN (SELECT "batchKey" FROM "Delivery" WHERE "id" = ANY(${[...options.ids]}::uuid[]))`
    : Prisma.empty;
  const candidates = await tx.$queryRaw<{ batchKey: string }[]>`
    SELECT "batchKey" FROM "Delivery" WHERE "batchKey" IS NOT NULL AND ${DUE} ${onlyIds}
    GROUP BY "batchKey" HAVING min("kind"::text) = ${kind}
    ORDER BY min("nextAttemptAt") LIMIT 10`;
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
      log().warn({ batchKey, left: rows.length - due.length, deliveries: rows.length }, 'some deliveries of a group not due or filtered; sending the rest');
    }
    if (dropped.size > 0) appMetrics().deliveries.inc({ status: 'filtered' }, dropped.size);
    return markSending(tx, due, batchKey, options.leaseMs);
  }
  return null;
}

async function claimFresh(tx: Tx, kind: Kind, options: ClaimOptions): Promise<ClaimedGroup | typeof NOTHING_LEFT | null> {
  const onlyIds = options.ids ? Prisma.sql`AND "id" = ANY(${[...options.ids]}::uuid[])` : Prisma.empty;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Delivery"
    WHERE "batchKey" IS NULL AND "status" = 'queued' AND "nextAttemptAt" <= ${NOW}
      AND "kind" = ${kind}::"DeliveryKind" ${onlyIds}
    ORDER BY "nextAttemptAt", "id" LIMIT ${kind === 'digest' ? Math.min(DIGESTS_PER_CLAIM, options.batchSize) : options.batchSize}
    FOR UPDATE SKIP LOCKED`;
  if (rows.length === 0) return null;
  const allowed = await recheckRecipientAccess(tx, rows.map((row) => row.id));
  if (allowed.length < rows.length) appMetrics().deliveries.inc({ status: 'filtered' }, rows.length - allowed.length);
  // Only here, on a first claim: a retry or a re-claim (reclaimGroup) may already be with the provider.
  const at = options.clock?.() ?? new Date();
  const held = await holdSilencedDeliveries(tx, allowed, at);
  if (held.silenced > 0) appMetrics().deliveries.inc({ status: 'silenced' }, held.silenced);
  const capped = await applyCaps(tx, held.ids, at);
  if (capped.held > 0) appMetrics().deliveries.inc({ status: 'held' }, capped.held);
  const ids = capped.ids.sort();
  // Every one of them was filtered away, silenced or held: commit that, and look for more in a new transaction.
  if (ids.length === 0) return NOTHING_LEFT;
  return markSending(tx, ids, batchKeyFor(ids), options.leaseMs);
}

async function markSending(tx: Tx, ids: string[], batchKey: string, leaseMs: number): Promise<ClaimedGroup> {
  const rows = await tx.$queryRaw<(ClaimedDelivery & { leaseUntil: Date; lagSeconds: number; expired: boolean })[]>`
    UPDATE "Delivery" SET "status" = 'sending', "attempts" = "attempts" + 1, "batchKey" = ${batchKey},
      "leaseUntil" = ${leaseFrom(leaseMs)},
      "updatedAt" = ${NOW}
    WHERE "id" = ANY(${ids}::uuid[])
    RETURNING "id", "tenantId", "kind"::text AS "kind", "eventId", "incidentId", "recipientEmail",
      "language"::text AS "language", "includeOrganizationName", "includeTenantPortalLink",
      "alertExternalIds", "deviceGroupIds", "withheldAlertCount", "scopeLimited", "attempts", "leaseUntil",
      GREATEST(0, EXTRACT(EPOCH FROM (${NOW} - "nextAttemptAt")))::float8 AS "lagSeconds",
      -- "attempts" counts this claim: more than one means an earlier request may have been accepted.
      ("attempts" > 1 AND "createdAt" < ${NOW} - ${PROVIDER_IDEMPOTENCY_WINDOW_HOURS - IDEMPOTENCY_SAFETY_HOURS}::int * interval '1 hour') AS "expired"`;
  // How late the latest-claimed work is: from when it became due to now.
  appMetrics().dispatcherLag.set(Math.max(...rows.map((row) => row.lagSeconds)));
  const deliveries = rows
    .map(({ leaseUntil: _lease, lagSeconds: _lag, expired: _expired, ...delivery }) => delivery)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { batchKey, lease: rows[0].leaseUntil, deliveries, beyondIdempotencyWindow: rows.some((row) => row.expired) };
}
