import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startDispatcher } from '@/lib/notifications/dispatch-loop';
import { startMetricsServer } from '@/lib/notifications/metrics-server';
import { createQueueGauges } from '@/lib/notifications/queue-gauges';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { countingRenderer, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { until } from '@/lib/notifications/testing/worker-process';
import { dispatcherState } from '@/lib/observability/dispatcher-state';
import { appMetrics } from '@/lib/observability/metrics';
import { createTenant } from '@/lib/test/fixtures';

// What the dispatcher counts for GET /metrics and reports for /readyz, read from the process's one registry.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
});
afterAll(() => standIn.close());
beforeEach(() => parkOtherDeliveries());

async function value(metric: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }, labels: Record<string, string> = {}) {
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

it('counts provider requests by status (429 and no answer included), outcomes, renders and send time', async () => {
  const m = appMetrics();
  const before = {
    ok: await value(m.providerRequests, { status: '200' }),
    throttled: await value(m.providerRequests, { status: '429' }),
    noAnswer: await value(m.providerRequests, { status: '0' }),
    sent: await value(m.deliveries, { status: 'sent' }),
    retry: await value(m.deliveries, { status: 'retry' }),
    renders: await value(m.renders),
  };
  const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(3));
  standIn.script.push({ kind: 'status', status: 429, retryAfter: '0' }, { kind: 'hang' });
  const deps = createDispatchDeps(testConfig(standIn.url), countingRenderer());
  await drain((options) => dispatchDue(deps, options), ids);

  expect(await value(m.providerRequests, { status: '429' })).toBe(before.throttled + 1);
  expect(await value(m.providerRequests, { status: '0' })).toBe(before.noAnswer + 1);
  expect(await value(m.providerRequests, { status: '200' })).toBe(before.ok + 1);
  expect(await value(m.deliveries, { status: 'sent' })).toBe(before.sent + 3);
  expect(await value(m.deliveries, { status: 'retry' })).toBe(before.retry + 6);
  // One event, one language, one set of options: rendered once for three recipients and three requests.
  expect(await value(m.renders)).toBe(before.renders + 1);
  const duration = (await m.sendDuration.get()).values.find((v) => v.metricName?.endsWith('_count'));
  expect(duration?.value).toBeGreaterThanOrEqual(3);
});

it('the loop reports queue depth, its state each round, and stopping/stopped', async () => {
  const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(2));
  // Parked far in the future: waiting, not due.
  await db().delivery.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date('2999-01-01') } });
  const controller = new AbortController();
  const dispatcher = await startDispatcher({ signal: controller.signal, config: testConfig(standIn.url), renderer: countingRenderer() });
  await until(() => dispatcherState().status === 'running' && (dispatcherState() as { lastRoundAt: Date | null }).lastRoundAt !== null, 5000, 'a round');
  expect(dispatcherState()).toMatchObject({ status: 'running', lastRoundFailed: false });
  // Waiting is not late: nothing is due, so the gauges say so (what they count: the test below).
  expect(await value(appMetrics().queueDepth)).toBe(0);
  expect(await value(appMetrics().oldestQueuedAge)).toBe(0);
  controller.abort();
  expect(dispatcherState().status).toBe('stopping');
  await dispatcher.done;
  expect(dispatcherState().status).toBe('stopped');
});

it('queue depth and oldest age count only what is due, late from when it became due, not digests or windows still waiting', async () => {
  const [due, digest, retry, inFlight] = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(4));
  const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
  // Due 90 s ago, though created two days ago: 90 s late, not two days.
  await db().delivery.update({ where: { id: due }, data: { createdAt: ago(2 * 86_400), nextAttemptAt: ago(90) } });
  // A digest created a day ago that goes out at the end of its period, in an hour: not late, not counted.
  await db().delivery.update({ where: { id: digest }, data: { kind: 'digest', incidentId: null, eventId: null, createdAt: ago(86_400), nextAttemptAt: ago(-3600) } });
  // A retry due 30 s ago: counted, less late than the first.
  await db().delivery.update({ where: { id: retry }, data: { attempts: 1, nextAttemptAt: ago(30) } });
  // A request in flight under a live lease, claimed long after it was created: being handled, not waiting.
  await db().delivery.update({ where: { id: inFlight }, data: { status: 'sending', batchKey: `delivery-${inFlight}`, createdAt: ago(86_400), nextAttemptAt: ago(86_400), leaseUntil: ago(-60) } });

  await createQueueGauges(0)();
  expect(await value(appMetrics().queueDepth)).toBe(2);
  const age = await value(appMetrics().oldestQueuedAge);
  expect(age).toBeGreaterThanOrEqual(90);
  expect(age).toBeLessThan(150);

  // Its sender died: due again from the end of its lease, 45 s ago.
  await db().delivery.update({ where: { id: inFlight }, data: { leaseUntil: ago(45) } });
  await db().delivery.updateMany({ where: { id: { in: [due, retry] } }, data: { nextAttemptAt: new Date('2999-01-01') } });
  await createQueueGauges(0)();
  expect(await value(appMetrics().queueDepth)).toBe(1);
  expect(await value(appMetrics().oldestQueuedAge)).toBeGreaterThanOrEqual(45);
  expect(await value(appMetrics().oldestQueuedAge)).toBeLessThan(105);
  await db().delivery.update({ where: { id: inFlight }, data: { leaseUntil: new Date('2999-01-01') } });
});

it('a worker serves GET /metrics only with its bearer token, and not at all without one', async () => {
  const off = await startMetricsServer({ port: 0, host: '127.0.0.1', env: {} });
  try {
    expect((await fetch(`http://127.0.0.1:${off.port}/metrics`)).status).toBe(404);
  } finally {
    await off.close();
  }
  const server = await startMetricsServer({ port: 0, host: '127.0.0.1', env: { METRICS_TOKEN: 'scrape-secret-0123456789' } });
  try {
    const url = `http://127.0.0.1:${server.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(401);
    const answer = await fetch(url, { headers: { authorization: 'Bearer scrape-secret-0123456789' } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(text).toContain('incident_mail_provider_requests_total');
    expect(text).toContain('incident_mail_delivery_queue_depth');
    expect((await fetch(`http://127.0.0.1:${server.port}/other`, { headers: { authorization: 'Bearer scrape-secret-0123456789' } })).status).toBe(404);
  } finally {
    await server.close();
  }
});
