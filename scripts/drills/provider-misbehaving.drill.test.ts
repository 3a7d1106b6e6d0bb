// Drill 3 of issue 10 §3: the provider misbehaves while two dispatchers (`npm run worker` processes, sharing one
// provider account and so one rate) work through a backlog. First a 429 storm (every request refused with
// retry-after for a few seconds), then a bad day: 20 % of new requests answer 500 or 503, some hang past the
// request timeout, some are accepted and then lose their connection before the answer. Passes when every delivery
// ends sent or visibly failed (its status and error in the database), no email is accepted twice, and no one-second
// window holds more requests than the provider's limit (the stand-in enforces it and stamps every arrival).
//
// No Next build needed. The misbehaviour is drawn from a seeded generator, so a run is repeatable. Variants:
//   DRILL_PROVIDER_DELIVERIES   deliveries in the backlog (default 300; 5 recipients per incident)
//   DRILL_PROVIDER_STORM_SECONDS  length of the 429 storm (default 3)
//   DRILL_PROVIDER_SEED         seed of the misbehaviour (default 1)
import { afterAll, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { misbehaving, startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { queueDeliveries, recipients, seedIncident } from '@/lib/notifications/testing/outbox-fixtures';
import { spawnWorker, until, workerEnv, type WorkerProcess } from '@/lib/notifications/testing/worker-process';
import { createTenant } from '@/lib/test/fixtures';
import { startDrillDatabase, type DrillDatabase } from './database';
import { deliveriesOfTenant, deliveryFigures, formatOutcomes, printFigures, providerFigures } from './figures';

const DELIVERIES = Number(process.env.DRILL_PROVIDER_DELIVERIES || 300);
const STORM_SECONDS = Number(process.env.DRILL_PROVIDER_STORM_SECONDS || 3);
const SEED = Number(process.env.DRILL_PROVIDER_SEED || 1);
const PER_INCIDENT = 5;
const RATE = 10;
const TIMEOUT_MS = 1000;
const SHARES = { serverErrors: 0.2, hangs: 0.05, drops: 0.05 };

let database: DrillDatabase | undefined;
let standIn: ResendStandIn | undefined;
const workers: WorkerProcess[] = [];
afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await standIn?.close();
  if (process.env.DATABASE_URL) await db().$disconnect();
  await database?.remove();
});

it('429 storm, 20 % 5xx, hangs, dropped connections: every delivery sent or failed, none twice, rate kept', async () => {
  const began = Date.now();
  database = await startDrillDatabase('provider');
  process.env.DATABASE_URL = database.url;
  standIn = await startResendStandIn({ rateLimit: RATE });
  const badDay = misbehaving(SHARES, seeded(SEED));
  let firstAt: number | null = null;
  standIn.fallback = (path, emails) => {
    firstAt ??= Date.now();
    if (Date.now() - firstAt < STORM_SECONDS * 1000) return { kind: 'status', status: 429, retryAfter: '1' };
    return badDay(path, emails);
  };
  const env = workerEnv(database.url, standIn.url, {
    RESEND_RATE_LIMIT: String(RATE),
    DELIVERY_BATCH_SIZE: '5',
    DELIVERY_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS),
    DELIVERY_LEASE_MS: '3000',
    DELIVERY_BACKOFF_BASE_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '1000',
  });
  // Started before the backlog is queued: they take a few seconds to load, and pick up work as it comes.
  workers.push(spawnWorker(env), spawnWorker(env));

  const { tenant } = await createTenant();
  const sizes = Array.from({ length: Math.ceil(DELIVERIES / PER_INCIDENT) }, (_, i) => Math.min(PER_INCIDENT, DELIVERIES - i * PER_INCIDENT));
  // A few incidents at a time, as many senders would.
  for (let i = 0; i < sizes.length; i += 8) {
    await Promise.all(sizes.slice(i, i + 8).map(async (size) => queueDeliveries(tenant.id, await seedIncident(tenant.id), recipients(size, 'drill'))));
  }

  const seededAt = Date.now();
  const open = () => db().delivery.count({ where: { tenantId: tenant.id, status: { in: ['queued', 'sending'] } } });
  await until(async () => (await open()) === 0, 180_000, 'every delivery sent or failed').catch(() => undefined);
  const doneAt = Date.now();
  // A little longer, so that a late duplicate would still be counted.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await Promise.all(workers.map(async (worker) => {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }));

  const rows = await deliveriesOfTenant(tenant.id);
  const delivery = deliveryFigures(standIn, rows);
  const provider = providerFigures(standIn, RATE);
  const throttled = standIn.requests.filter((r) => r.outcome === '429');
  // Requests that came sooner than a 429's retry-after allowed (requests already under way when it came aside).
  const tooSoon = standIn.requests.filter((r) => throttled.some((t) => r.at > t.at && r.at < t.at + 1000)).length;
  const failed = rows.filter((r) => r.status === 'failed');
  // Shown as failed, yet the provider had accepted it (an answer lost, then every retry refused).
  const failedButAccepted = failed.filter((r) => standIn!.accepted.some((e) => e.deliveryId === r.id)).length;
  printFigures(`Drill 3: provider misbehaving (${DELIVERIES} deliveries, 2 workers, ${RATE} requests/s, seed ${SEED})`, {
    'ingest requests sent': 'none (backlog queued directly)',
    'provider requests sent': provider.providerRequests,
    '2xx (accepted, incl. replays)': standIn.requests.filter((r) => r.outcome.startsWith('accepted') || r.outcome === 'replayed').length,
    '429 (storm)': throttled.length,
    '503 answers': provider.outcomes.get('503') ?? 0,
    'other 5xx': provider.outcomes.get('500') ?? 0,
    'hung past the timeout': provider.outcomes.get('hang') ?? 0,
    'accepted, then dropped': provider.outcomes.get('accepted-drop') ?? 0,
    'all outcomes': formatOutcomes(provider.outcomes),
    deliveries: `${delivery.deliveries} (${delivery.sent} sent, ${delivery.failed} failed, ${delivery.open} open)`,
    'emails accepted by stand-in': delivery.emailsAccepted,
    'failed, yet accepted': failedButAccepted,
    lost: `${delivery.open + delivery.sentButNotAccepted} (${delivery.open} never finished, ${delivery.sentButNotAccepted} sent but never accepted)`,
    duplicates: `${delivery.duplicatesByDelivery} by deliveryId, ${delivery.duplicatesByPair} by (recipient, incident)`,
    'max requests in any 1 s': `${provider.busiestSecond} (limit ${RATE}; ${provider.overLimit} refused by the stand-in's limiter)`,
    'requests within a retry-after': tooSoon,
    'first to last request (s)': standIn.requests.length ? ((standIn.requests.at(-1)!.at - standIn.requests[0].at) / 1000).toFixed(1) : '-',
    'wall time (s)': `${((Date.now() - began) / 1000).toFixed(1)} (backlog queued after ${((seededAt - began) / 1000).toFixed(1)}, ` +
      `first request after ${(((standIn.requests[0]?.at ?? began) - began) / 1000).toFixed(1)}, all done after ${((doneAt - began) / 1000).toFixed(1)})`,
  });

  // Each fault really happened.
  for (const outcome of ['429', '500', '503', 'hang', 'accepted-drop']) expect(provider.outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
  expect(delivery.open).toBe(0);
  expect(failed.filter((r) => !r.lastError)).toEqual([]);
  expect(delivery.sentButNotAccepted).toBe(0);
  expect(delivery.duplicatesByDelivery).toBe(0);
  expect(delivery.duplicatesByPair).toBe(0);
  expect(delivery.strangers).toBe(0);
  expect(provider.busiestSecond).toBeLessThanOrEqual(RATE);
  expect(provider.overLimit).toBe(0);
  expect(standIn.violations).toEqual([]);
});

// mulberry32: a small seeded generator, so the same seed gives the same sequence of misbehaviours.
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
