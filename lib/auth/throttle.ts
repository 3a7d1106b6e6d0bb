import type { Db } from '@/lib/db/client';

// Failed sign-ins are counted per account and per client address in PostgreSQL, so every app process
// sees the same counters. After a few free attempts each further one must wait, doubling each time.

const FREE_FAILURES = { account: 5, address: 20 } as const;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15 * 60_000;
// Failures older than this are forgotten.
const WINDOW_MS = 60 * 60_000;

export type ThrottleKey = { kind: 'account' | 'address'; value: string };

const keyOf = (key: ThrottleKey) => `${key.kind}:${key.value.toLowerCase()}`;

export function delayAfter(kind: ThrottleKey['kind'], failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  if (over < 0) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** over, MAX_DELAY_MS);
}

// Milliseconds the caller must still wait before another attempt; 0 when an attempt may proceed.
export async function waitRequired(db: Db, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.signInThrottle.findMany({ where: { key: { in: keys.map(keyOf) } } });
  let wait = 0;
  for (const key of keys) {
    const row = rows.find((candidate) => candidate.key === keyOf(key));
    if (!row || now.getTime() - row.lastFailure.getTime() > WINDOW_MS) continue;
    const readyAt = row.lastFailure.getTime() + delayAfter(key.kind, row.failures);
    wait = Math.max(wait, readyAt - now.getTime());
  }
  return wait;
}

export async function recordFailure(db: Db, keys: ThrottleKey[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  for (const key of keys) {
    // One statement, so concurrent failures cannot lose a count.
    await db.$executeRaw`
      INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lastFailure")
      VALUES (${keyOf(key)}, 1, ${now}, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "SignInThrottle"."lastFailure" < ${windowStart} THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "SignInThrottle"."lastFailure" < ${windowStart} THEN ${now} ELSE "SignInThrottle"."windowStart" END,
        "lastFailure" = ${now}`;
  }
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: keyOf(key) } });
}
