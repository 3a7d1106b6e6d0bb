import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { acceptedCounts, parkOtherDeliveries, queueDeliveries, recipients, seedIncident } from '@/lib/notifications/testing/outbox-fixtures';
import { spawnWorker, until, workerEnv, type WorkerProcess } from '@/lib/notifications/testing/worker-process';
import { createTenant } from '@/lib/test/fixtures';

// The dispatcher in its own process (`npm run worker`), killed the hard way mid-request: every delivery
// still ends sent exactly once, because the next process re-sends the interrupted request unchanged under
// the same idempotency key once the dead one's lease is over.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;
const workers: WorkerProcess[] = [];
const databaseUrl = () => inject('databaseUrl');

// One send lane: with one request in flight at a time, the provider's scripted answers (hold, ok) meet the
// requests in a known order, so each test can say exactly what was in flight when the worker died. Several
// lanes dying at once are the web-kill drill's (scripts/drills/web-kill.drill.test.ts).
function start(extra: Record<string, string | undefined> = {}) {
  const worker = spawnWorker(workerEnv(databaseUrl(), standIn.url, { DELIVERY_SEND_LANES: '1', ...extra }));
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await standIn.close();
});
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
  standIn.script.length = 0;
});
afterEach(() => expect(standIn.violations).toEqual([]));

const statuses = async (ids: string[]) =>
  (await db().delivery.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).map((r) => r.status);

describe('worker process', () => {
  it('kill -9 mid-request, start another: every delivery sent exactly once', async () => {
    const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(6));
    // Request 1 answered; request 2 accepted by the provider, its answer held back: the worker is waiting on it.
    standIn.script.push({ kind: 'ok' }, { kind: 'hold' });

    const first = start();
    await until(() => standIn.requests.length >= 2, 15_000, 'the second request');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const held = standIn.requests[1];
    expect(held.outcome).toBe('accepted-hold');
    expect(await db().delivery.count({ where: { id: { in: ids }, status: 'sending' } })).toBe(2);

    const second = start();
    await until(async () => (await statuses(ids)).every((s) => s === 'sent'), 15_000, 'all deliveries sent');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // At the provider, after its dedupe: each delivery once.
    const counts = acceptedCounts(standIn.accepted);
    expect(ids.map((id) => counts.get(id))).toEqual(Array(6).fill(1));
    expect(standIn.accepted).toHaveLength(6);
    // Raw requests: three groups, the interrupted one sent twice with the same key and the same body.
    expect(standIn.requests).toHaveLength(4);
    expect(standIn.requests.filter((r) => r.idempotencyKey === held.idempotencyKey).map((r) => r.outcome)).toEqual(['accepted-hold', 'replayed']);
    const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
    const acceptedId = new Map(standIn.accepted.map((e) => [e.deliveryId, e.id]));
    expect(rows.every((r) => r.providerMessageId === acceptedId.get(r.id))).toBe(true);
    expect(rows.filter((r) => r.batchKey === held.idempotencyKey).map((r) => r.attempts)).toEqual([2, 2]);
  }, 40_000);

  it('SIGTERM: finishes the request in flight, records it, claims nothing new, exits 0', async () => {
    const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(4));
    standIn.script.push({ kind: 'hold' });
    const worker = start();
    await until(() => standIn.requests.length >= 1, 15_000, 'the first request');
    worker.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.child.exitCode).toBeNull(); // still waiting for its answer
    standIn.release();
    expect((await worker.exited).code).toBe(0);

    const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.map((r) => r.providerMessageId).sort()).toEqual(standIn.accepted.map((e) => e.id).sort());
    expect(sent).toHaveLength(2);
    expect(rows.filter((r) => r.status === 'queued' && r.attempts === 0 && r.batchKey === null)).toHaveLength(2);
    expect(standIn.requests).toHaveLength(1);
    expect(worker.output()).toContain('"msg":"dispatcher stopped"');
  }, 30_000);

  it('SIGTERM during a send whose answer never comes: exits 0 within 10 s, nothing left claimed, nothing sent twice', async () => {
    const ids = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(4));
    // The provider accepts the first request and never answers; the request timeout is longer than any grace.
    standIn.script.push({ kind: 'hold' });
    const worker = start({ DELIVERY_REQUEST_TIMEOUT_MS: '60000', DELIVERY_LEASE_MS: '120000', METRICS_PORT: '0' });
    await until(() => standIn.requests.length >= 1, 15_000, 'the first request');
    worker.child.kill('SIGTERM');
    const exited = await Promise.race([worker.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
    expect(exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('"msg":"dispatcher grace period over: abandoning the request in flight"');
    // Nothing stays claimed: the abandoned request is queued for a retry under its key, the rest is due again untouched.
    const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    const abandoned = rows.filter((r) => r.batchKey === standIn.requests[0].idempotencyKey);
    expect(abandoned.map((r) => [r.status, r.attempts, r.leaseUntil])).toEqual([['queued', 1, null], ['queued', 1, null]]);
    expect(rows.filter((r) => r.status === 'queued' && r.attempts === 0 && r.batchKey === null)).toHaveLength(2);

    // The next worker repeats the abandoned request under the same key: each email accepted once.
    standIn.release();
    const second = start();
    await until(async () => (await statuses(ids)).every((s) => s === 'sent'), 15_000, 'all deliveries sent');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const counts = acceptedCounts(standIn.accepted);
    expect(ids.map((id) => counts.get(id))).toEqual(Array(4).fill(1));
    expect(standIn.requests.filter((r) => r.idempotencyKey === standIn.requests[0].idempotencyKey).map((r) => r.outcome))
      .toEqual(['accepted-hold', 'replayed']);
  }, 60_000);

  it('says clearly when it has no database to work on', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'worker-'));
    try {
      const worker = start({ DATABASE_URL: undefined, DATA_DIR: dataDir });
      expect((await worker.exited).code).toBe(1);
      expect(worker.output()).toContain('DATABASE_URL is not set');
      expect(worker.output()).toContain(path.join(dataDir, 'runtime.json'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
