import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startDispatcher } from '@/lib/notifications/dispatch-loop';
import { JITTER_GUARD_MS } from '@/lib/notifications/rate-limiter';
import { busiestSecond, startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import {
  acceptedCounts, countingRenderer, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';

// Two dispatchers (as two app processes would be) against one database and one provider account: the
// configured request rate holds for the two together, measured where it counts, at the provider.

const RATE = 10; // requests per second, measured strictly: at most RATE arrivals in any 1000 ms

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;

beforeAll(async () => {
  standIn = await startResendStandIn({ apiKeys: ['re_one', 're_two'] });
  world = await createTenant();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
});
afterEach(() => expect(standIn.violations).toEqual([]));

async function runTwo(ids: string[], rateLimitKey: string, timeoutMs: number) {
  const controller = new AbortController();
  const config = (apiKey: string) =>
    testConfig(standIn.url, { ratePerSecond: RATE, batchSize: 1, transport: { apiKey, baseUrl: standIn.url, rateLimitKey, sink: false } });
  const dispatchers = await Promise.all(['re_one', 're_two'].map((key) =>
    startDispatcher({ signal: controller.signal, config: config(key), renderer: countingRenderer() })));
  const deadline = Date.now() + timeoutMs;
  try {
    while ((await db().delivery.count({ where: { id: { in: ids }, status: { not: 'sent' } } })) > 0) {
      if (Date.now() > deadline) throw new Error('deliveries not sent in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    controller.abort();
    await Promise.all(dispatchers.map((d) => d.done));
  }
}


it('two dispatchers together never exceed the configured rate', async () => {
  const seeded = await seedIncident(world.tenant.id);
  const ids = await queueDeliveries(world.tenant.id, seeded, recipients(25));
  await runTwo(ids, `test:${randomUUID()}`, 10_000);

  const times = standIn.requests.map((r) => r.at);
  expect(standIn.requests).toHaveLength(25);
  expect(busiestSecond(times)).toBeLessThanOrEqual(RATE);
  // Both really sent: the limit held across them, not because one did all the work.
  expect(new Set(standIn.requests.map((r) => r.apiKey))).toEqual(new Set(['re_one', 're_two']));
  expect([...acceptedCounts(standIn.accepted).values()].every((n) => n === 1)).toBe(true);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  console.log(`25 requests in ${Math.round(times.at(-1)! - times[0])} ms; smallest gap ${Math.min(...gaps).toFixed(1)} ms ` +
    `(slots every ${(1000 + JITTER_GUARD_MS) / RATE} ms)`);
});

it('a 429 with retry-after holds back every dispatcher of the deployment', async () => {
  const seeded = await seedIncident(world.tenant.id);
  const ids = await queueDeliveries(world.tenant.id, seeded, recipients(6));
  standIn.script.push({ kind: 'status', status: 429, retryAfter: '1' });
  await runTwo(ids, `test:${randomUUID()}`, 10_000);

  const [throttled, ...rest] = standIn.requests;
  expect(throttled.outcome).toBe('429');
  // Nobody, whichever process, asked again within the second the provider asked for.
  expect(Math.min(...rest.map((r) => r.at)) - throttled.at).toBeGreaterThanOrEqual(1000);
  expect(rest.every((r) => r.outcome === 'accepted')).toBe(true);
  // The rate-limited attempt was given back.
  const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
  expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
});

it('slows to the lower rate the provider announces: RESEND_RATE_LIMIT is only the upper bound', async () => {
  // The provider allows 2 requests/s and says so in ratelimit-* on every answer; we are configured for 20.
  const strict = await startResendStandIn({ rateLimit: 2 });
  try {
    const seeded = await seedIncident(world.tenant.id);
    const ids = await queueDeliveries(world.tenant.id, seeded, recipients(6));
    const config = testConfig(strict.url, { ratePerSecond: 20, batchSize: 1 });
    const deps = createDispatchDeps(config, countingRenderer());
    await drain((options) => dispatchDue(deps, options), ids);

    // Not one request refused for exceeding the provider's rate: the dispatcher kept to it from its answers.
    expect(strict.requests.map((r) => r.outcome)).toEqual(Array(6).fill('accepted'));
    expect(deps.limiter.currentRate()).toBe(2);
    expect(busiestSecond(strict.requests.map((r) => r.at))).toBeLessThanOrEqual(2);
    expect(strict.violations).toEqual([]);
  } finally {
    await strict.close();
  }
});
