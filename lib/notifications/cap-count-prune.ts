import { db } from '@/lib/db/client';
import { CAP_LOOK_BACK_MS } from '@/lib/notifications/cap-check';
import { errorFields, log } from '@/lib/observability/logger';

// Cap counters (cap-check.ts) are one row per recipient, cap, severity and period: without pruning they
// grow by up to 24 rows per recipient and cap a day, forever. Only the current periods are ever read
// (CAP_LOOK_BACK_MS), so the dispatcher loop deletes what is older than that with a day's margin, now and then.

export const CAP_COUNT_RETENTION_MS = CAP_LOOK_BACK_MS + 22 * 3_600_000; // two days
const PRUNE_BATCH = 5_000;

// Deletes at most PRUNE_BATCH counters of periods long over (one call stays short however much piled up,
// e.g. after an upgrade) over the periodStart index; returns how many. Safe with several dispatchers at once:
// the rows are read by nobody any more, and two deleting the same row just find it gone.
export async function pruneCapCounts(at: Date): Promise<number> {
  const cutoff = new Date(at.getTime() - CAP_COUNT_RETENTION_MS).toISOString();
  return db().$executeRaw`
    DELETE FROM "RecipientCapCount" WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM "RecipientCapCount" WHERE "periodStart" < ${cutoff}::text::timestamp(3) LIMIT ${PRUNE_BATCH}))`;
}

// For the dispatcher loop: prunes at most every `intervalMs` in this process, and again at the next round
// while a call still found a full batch. A failure is logged and tried again later: it must not stop sending.
export function createCapCountPruner(intervalMs: number, clock: () => Date = () => new Date()) {
  let lastAt = 0;
  return async function prune(): Promise<void> {
    if (intervalMs <= 0 || Date.now() - lastAt < intervalMs) return;
    try {
      const deleted = await pruneCapCounts(clock());
      if (deleted < PRUNE_BATCH) lastAt = Date.now();
      if (deleted > 0) log().info({ deleted }, 'pruned cap counters of periods long over');
    } catch (error) {
      lastAt = Date.now();
      log().warn(errorFields(error), 'pruning cap counters failed; trying again later');
    }
  };
}
