import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { claimNextGroup } from '@/lib/notifications/claim';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { sendGroup } from '@/lib/notifications/send-group';
import { startDispatcher } from '@/lib/notifications/dispatch-loop';
import { DELIVERIES_DUE_CHANNEL } from '@/lib/notifications/channel';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { countingRenderer, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { until } from '@/lib/notifications/testing/worker-process';
import { createTenant } from '@/lib/test/fixtures';

// The loop's two ways of noticing work: NOTIFY deliveries_due (ingest sends it after committing), and
// the poll that covers notifications nobody heard.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
});

async function withDispatcher(pollIntervalMs: number, body: () => Promise<void>) {
  const controller = new AbortController();
  const dispatcher = await startDispatcher({
    signal: controller.signal,
    config: testConfig(standIn.url, { pollIntervalMs }),
    renderer: countingRenderer(),
  });
  try {
    // Let it finish its first round and go to sleep, so what follows must wake it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await body();
  } finally {
    controller.abort();
    await dispatcher.done;
  }
}

const sentCount = (ids: string[]) => db().delivery.count({ where: { id: { in: ids }, status: 'sent' } });

it('wakes on NOTIFY long before its next poll', async () => {
  await withDispatcher(60_000, async () => {
    const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(3));
    const notifiedAt = Date.now();
    await db().$executeRawUnsafe(`NOTIFY ${DELIVERIES_DUE_CHANNEL}`);
    await until(async () => (await sentCount(ids)) === 3, 5000, 'the notified deliveries');
    expect(Date.now() - notifiedAt).toBeLessThan(5000);
  });
});

it('finds work by polling when nobody notifies', async () => {
  await withDispatcher(100, async () => {
    const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(2));
    await until(async () => (await sentCount(ids)) === 2, 5000, 'the polled deliveries');
  });
});

it('stops when its signal aborts, and then sends nothing more', async () => {
  const controller = new AbortController();
  const dispatcher = await startDispatcher({ signal: controller.signal, config: testConfig(standIn.url, { pollIntervalMs: 50 }), renderer: countingRenderer() });
  controller.abort();
  await dispatcher.done;
  const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(1));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await sentCount(ids)).toBe(0);
});

it('hands a claim still waiting for a rate-limit slot back untouched when stopping', async () => {
  const config = testConfig(standIn.url);
  const deps = createDispatchDeps(config, countingRenderer());
  const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(2));
  const group = await claimNextGroup({ leaseMs: config.leaseMs, batchSize: 100, ids });
  await deps.limiter.holdOff(5000);
  const controller = new AbortController();
  const sending = sendGroup(group!, deps, { stop: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await sending;
  const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
  expect(rows.map((r) => [r.status, r.attempts, r.leaseUntil, r.lastError, r.batchKey])).toEqual(
    Array(2).fill(['queued', 0, null, null, group!.batchKey]));
  expect(standIn.requests).toHaveLength(0);
});

it('fails, visibly, a delivery whose senders died during every attempt, without sending again', async () => {
  const config = testConfig(standIn.url);
  const [id] = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(1));
  await db().delivery.update({
    where: { id },
    data: { status: 'sending', attempts: config.maxAttempts, batchKey: `delivery-${id}`, leaseUntil: new Date(Date.now() - 1000) },
  });
  await dispatchDue(createDispatchDeps(config, countingRenderer()), { ids: [id] });
  const row = await db().delivery.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: 'failed', leaseUntil: null });
  expect(row.lastError).toMatch(/stopped during each of 3 attempts/);
  expect(standIn.requests).toHaveLength(0);
});
