import { db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { appMetrics } from '@/lib/observability/metrics';

const NOW = Prisma.raw(`(clock_timestamp() AT TIME ZONE 'UTC')`);

// Queue depth and how late the most overdue delivery is, for the metrics endpoint. One aggregate over
// the (status, nextAttemptAt) index, at most every `minIntervalMs` whatever the number of rounds.
//
// Only what is due counts, by the claim's own rule (claim.ts): a digest waits for the end of its period (up
// to a day) and a coalescing window up to an hour, both by design, so counting every queued row (or measuring
// from createdAt) would make an alert on the age fire all day. Lateness is measured from when a delivery
// became due: its nextAttemptAt, or for one whose sender died, the end of its lease. A request in flight
// under a live lease is being handled, not waiting.

export function createQueueGauges(minIntervalMs = 5_000) {
  let lastAt = 0;
  return async function refresh(): Promise<void> {
    if (Date.now() - lastAt < minIntervalMs) return;
    lastAt = Date.now();
    const [row] = await db().$queryRaw<{ depth: number; oldestSeconds: number | null }[]>`
      SELECT count(*)::int AS "depth",
        EXTRACT(EPOCH FROM (${NOW} - min(CASE WHEN "status" = 'queued' THEN "nextAttemptAt" ELSE "leaseUntil" END)))::float8 AS "oldestSeconds"
      FROM "Delivery"
      WHERE ("status" = 'queued' AND "nextAttemptAt" <= ${NOW}) OR ("status" = 'sending' AND "leaseUntil" < ${NOW})`;
    const metrics = appMetrics();
    metrics.queueDepth.set(row.depth);
    metrics.oldestQueuedAge.set(Math.max(0, row.oldestSeconds ?? 0));
  };
}
