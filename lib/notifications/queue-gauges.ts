import { db } from '@/lib/db/client';
import { appMetrics } from '@/lib/observability/metrics';

// Queue depth and the age of the oldest waiting delivery, for the metrics endpoint. One aggregate over
// the (status, nextAttemptAt) index, at most every `minIntervalMs` whatever the number of rounds.

export function createQueueGauges(minIntervalMs = 5_000) {
  let lastAt = 0;
  return async function refresh(): Promise<void> {
    if (Date.now() - lastAt < minIntervalMs) return;
    lastAt = Date.now();
    const [row] = await db().$queryRaw<{ depth: number; oldestSeconds: number | null }[]>`
      SELECT count(*)::int AS "depth",
        EXTRACT(EPOCH FROM ((clock_timestamp() AT TIME ZONE 'UTC') - min("createdAt")))::float8 AS "oldestSeconds"
      FROM "Delivery" WHERE "status" IN ('queued', 'sending')`;
    const metrics = appMetrics();
    metrics.queueDepth.set(row.depth);
    metrics.oldestQueuedAge.set(Math.max(0, row.oldestSeconds ?? 0));
  };
}
