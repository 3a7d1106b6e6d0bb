import { db } from '@/lib/db/client';
import type { ProviderRate } from '@/lib/notifications/provider-rate';

// One request rate for every process of a deployment, kept in PostgreSQL (RateLimitSlot).
//
// A process may send only when the shared `nextSlotAt` has passed, and taking the slot moves it one
// interval ahead in the same atomic statement (the row lock serialises competitors). Slots are granted at
// "now", never reserved in the future: a process that reserved a future slot and then woke up late
// would send next to the following slot's owner, and two sends closer than the interval exceed the rate.
// All instants come from the database clock, so processes on machines with skewed clocks still agree.
//
// The provider counts arrivals, and the time from slot to arrival varies (network, a busy event loop):
// slots are spaced so that each second of them carries JITTER_GUARD_MS of headroom, which keeps
// `ratePerSecond` arrivals per second even when one request of a second travels that much slower.
//
// `ratePerSecond` (RESEND_RATE_LIMIT) is an upper bound, not the only truth: every answer of the provider says
// what it allows (ratelimit-limit) and what is left (ratelimit-remaining, ratelimit-reset). The slots of this
// process are spaced by the lower of the two, and an exhausted window holds back every process of the
// deployment (through the shared row) until the provider's reset. Every process sending with the key gets
// the same announcements from the same provider, so they all converge on the same spacing.

export type RateLimiter = {
  // Resolves when this process may send one request; rejects when `signal` aborts.
  acquire(signal?: AbortSignal): Promise<void>;
  // Resolves once the next slot is free within `leadMs`, without taking it (it may be gone again by then).
  untilFree(signal?: AbortSignal, leadMs?: number): Promise<void>;
  // The provider said "not before": nobody of this deployment sends before then.
  holdOff(ms: number): Promise<void>;
  // Follows what the provider announced with an answer.
  observe(rate: ProviderRate | null): Promise<void>;
  // The request rate this process currently keeps to (requests per second).
  currentRate(): number;
};

const NOW = `(clock_timestamp() AT TIME ZONE 'UTC')`;
export const JITTER_GUARD_MS = 50;

export function createRateLimiter(key: string, ratePerSecond: number): RateLimiter {
  let announced: number | null = null;
  // When this process last changed its spacing because of an announcement (a limit equal to the configured
  // one changes nothing).
  let spacingChangedAt = Number.NEGATIVE_INFINITY;
  const rate = () => Math.min(ratePerSecond, announced ?? ratePerSecond);
  const intervalMs = () => (1000 + JITTER_GUARD_MS) / rate();
  const holdOff = (ms: number) =>
    db().$executeRawUnsafe(
      `INSERT INTO "RateLimitSlot" ("key", "nextSlotAt") VALUES ($1, ${NOW} + $2::float8 * interval '1 millisecond')
       ON CONFLICT ("key") DO UPDATE
       SET "nextSlotAt" = GREATEST("RateLimitSlot"."nextSlotAt", ${NOW} + $2::float8 * interval '1 millisecond')`,
      key,
      ms,
    ).then(() => undefined);
  return {
    currentRate: rate,
    holdOff,
    async observe(answer) {
      if (!answer) return;
      if (answer.limit !== null) {
        const before = rate();
        announced = answer.limit;
        if (rate() !== before) spacingChangedAt = Date.now();
      }
      // The window is used up: nobody sends before it resets. `ratelimit-reset` counts whole seconds, rounded
      // up, so it says "1" for a window that ends in a few milliseconds; waiting all of it leaves up to a
      // second of every window unused (2 requests/s became 1.3). Once requests have been spaced by the
      // announced rate for a whole window, the spacing alone keeps `rate` of them in any second, and the
      // window ends at most a second before the reset said: one slot is enough then. Right after the spacing
      // changed, requests sent at the old spacing may fill the window: then the whole reset.
      if (answer.remaining !== 0) return;
      const reset = answer.resetMs ?? 1000;
      const spacedForAWindow = Date.now() - spacingChangedAt > 1000 + JITTER_GUARD_MS;
      await holdOff(Math.max(spacedForAWindow ? reset - 1000 : reset, intervalMs()));
    },
    async untilFree(signal, leadMs = 0) {
      for (;;) {
        signal?.throwIfAborted();
        const waitMs = (await msUntilFree(key)) - leadMs;
        if (waitMs <= 0) return;
        await sleep(Math.min(waitMs, 1000), signal);
      }
    },
    async acquire(signal) {
      for (;;) {
        signal?.throwIfAborted();
        const waitMs = await tryTake(key, intervalMs());
        if (waitMs === null) return;
        await sleep(Math.min(Math.max(waitMs, 1), 1000), signal);
      }
    },
  };
}

// Null when the slot was taken; otherwise how long until the current holder's interval ends.
async function tryTake(key: string, intervalMs: number): Promise<number | null> {
  const taken = await db().$queryRawUnsafe<unknown[]>(
    `INSERT INTO "RateLimitSlot" ("key", "nextSlotAt") VALUES ($1, ${NOW} + $2::float8 * interval '1 millisecond')
     ON CONFLICT ("key") DO UPDATE SET "nextSlotAt" = ${NOW} + $2::float8 * interval '1 millisecond'
     WHERE "RateLimitSlot"."nextSlotAt" <= ${NOW}
     RETURNING 1`,
    key,
    intervalMs,
  );
  if (taken.length > 0) return null;
  return msUntilFree(key);
}

async function msUntilFree(key: string): Promise<number> {
  const [row] = await db().$queryRawUnsafe<{ waitMs: number }[]>(
    `SELECT (EXTRACT(EPOCH FROM ("nextSlotAt" - ${NOW})) * 1000)::float8 AS "waitMs" FROM "RateLimitSlot" WHERE "key" = $1`,
    key,
  );
  return row ? row.waitMs : 0;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
