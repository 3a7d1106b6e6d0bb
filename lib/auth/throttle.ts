import type { Db } from '@/lib/db/client';

// Failed sign-ins are counted per account and per client address in PostgreSQL, so every app process
// sees the same counters. After a few free attempts each further one must wait, doubling each time.
//
// An attempt is reserved (counted as a failure) BEFORE the password is checked, in one transaction that locks the
// counter rows: parallel guesses queue on the row lock and each sees the count of those before it, so a burst of
// hundreds cannot all pass a read that happened before any failure was written. A success gives its reservation back.

const FREE_FAILURES = { account: 5, address: 20 } as const;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15 * 60_000;
// Failures older than this are forgotten.
const WINDOW_MS = 60 * 60_000;

export type ThrottleKey = { kind: 'account' | 'address'; value: string };
export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

const keyOf = (key: ThrottleKey) => `${key.kind}:${key.value.toLowerCase()}`;

export function delayAfter(kind: ThrottleKey['kind'], failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  if (over < 0) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** over, MAX_DELAY_MS);
}

class Refused extends Error {
  constructor(readonly retryAfterMs: number) {
    super('throttled');
  }
}

// Counts one attempt against every key, or against none when any key must still wait.
export async function reserveAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<Reservation> {
  try {
    await db.$transaction(async (tx) => {
      for (const key of keys) {
        // Creates the row if missing, then locks it: concurrent attempts on one key run this one at a time.
        await tx.$executeRaw`
          INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "lastFailure")
          VALUES (${keyOf(key)}, 0, ${now}, ${new Date(0)})
          ON CONFLICT ("key") DO NOTHING`;
        const [row] = await tx.$queryRaw<{ failures: number; lastFailure: Date }[]>`
          SELECT "failures", "lastFailure" FROM "SignInThrottle" WHERE "key" = ${keyOf(key)} FOR UPDATE`;
        const fresh = now.getTime() - row.lastFailure.getTime() <= WINDOW_MS;
        const failures = fresh ? row.failures : 0;
        const readyAt = row.lastFailure.getTime() + delayAfter(key.kind, failures);
        if (fresh && readyAt > now.getTime()) throw new Refused(readyAt - now.getTime());
        await tx.$executeRaw`
          UPDATE "SignInThrottle"
          SET "failures" = ${failures + 1},
              "windowStart" = CASE WHEN ${fresh} THEN "windowStart" ELSE ${now} END,
              "lastFailure" = ${now}
          WHERE "key" = ${keyOf(key)}`;
      }
    });
    return { allowed: true };
  } catch (error) {
    if (error instanceof Refused) return { allowed: false, retryAfterMs: error.retryAfterMs };
    throw error;
  }
}

// The attempt succeeded: the account starts afresh; a shared address gets its reserved attempt back.
export async function settleSuccess(db: Db, keys: ThrottleKey[]): Promise<void> {
  for (const key of keys) {
    if (key.kind === 'account') await clearFailures(db, key);
    else {
      await db.$executeRaw`
        UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${keyOf(key)}`;
    }
  }
}

export async function clearFailures(db: Db, key: ThrottleKey): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: keyOf(key) } });
}
