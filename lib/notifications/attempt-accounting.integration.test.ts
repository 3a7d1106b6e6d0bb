import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { COMPOSE_FAILED, IDEMPOTENCY_EXPIRED } from '@/lib/notifications/send-group';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import {
  countingRenderer, deliveriesOf, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';

// What an attempt costs and what a failure leaves in the delivery log: an attempt is a provider request
// that may have reached the provider, nothing else; the stored error never carries an exception's text.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;
let deps: DispatchDeps;
const run = (options: { ids?: readonly string[] }) => dispatchDue(deps, options);

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
  standIn.script.length = 0;
  deps = createDispatchDeps(testConfig(standIn.url), countingRenderer());
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(standIn.violations).toEqual([]);
});

const queue = async (count: number) => queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id), recipients(count));

// Everything the process writes to stdout while `body` runs (the logger writes there).
async function captureStdout(body: () => Promise<void>): Promise<string> {
  let written = '';
  const original = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    written += String(chunk);
    return original(chunk, ...rest);
  }) as typeof process.stdout.write);
  await body();
  return written;
}

describe('a compose failure', () => {
  it('stores a generic text, never the exception message, and logs it as one JSON line with the batch key', async () => {
    const ids = await queue(2);
    const secret = 'connect ECONNREFUSED db-primary.internal:5432 while loading delivery 7d0c0f6e-other-tenant';
    deps = createDispatchDeps(testConfig(standIn.url), {
      ...countingRenderer(),
      incident: async () => {
        throw new Error(secret);
      },
    });
    const output = await captureStdout(() => drain(run, ids).then(() => undefined));

    const rows = await deliveriesOf(ids);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows.every((r) => r.lastError === `Gave up after 3 attempts. Last error: ${COMPOSE_FAILED}`)).toBe(true);
    expect(rows.some((r) => r.lastError?.includes('db-primary'))).toBe(false);
    expect(standIn.requests).toHaveLength(0);
    const lines = output.split('\n').filter((line) => line.includes('composing failed'));
    expect(lines.length).toBeGreaterThan(0);
    const event = JSON.parse(lines[0]);
    expect(event).toMatchObject({ level: 'error', msg: 'composing failed', batchKey: rows[0].batchKey });
    expect(typeof event.error).toBe('string');
  });
});

describe('a failure before the provider request', () => {
  it('gives the attempt back and queues the group again (a database error between claim and request)', async () => {
    const ids = await queue(2);
    const failing = createDispatchDeps(testConfig(standIn.url), countingRenderer());
    // The rate-limit slot lives in PostgreSQL: this is where a lost connection meets the send path.
    failing.limiter = { ...failing.limiter, acquire: async () => Promise.reject(new Error('Connection terminated unexpectedly')) };
    await dispatchDue(failing, { ids });

    const rows = await deliveriesOf(ids);
    expect(rows.map((r) => [r.status, r.attempts, r.leaseUntil])).toEqual([['queued', 0, null], ['queued', 0, null]]);
    expect(standIn.requests).toHaveLength(0);

    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await drain(run, ids);
    expect((await deliveriesOf(ids)).map((r) => [r.status, r.attempts])).toEqual([['sent', 1], ['sent', 1]]);
  });
});

describe("the provider's 24 h idempotency window", () => {
  const dayAgo = () => new Date(Date.now() - 25 * 3600_000);

  it('does not re-send a possibly accepted request whose key the provider may have forgotten', async () => {
    const [id] = await queue(1);
    // An earlier attempt timed out a day ago; its retry is due now.
    await db().delivery.update({
      where: { id },
      data: { createdAt: dayAgo(), attempts: 1, batchKey: `delivery-${id}`, lastError: 'no answer: timeout', nextAttemptAt: new Date(Date.now() - 1000) },
    });
    await drain(run, [id]);
    const [row] = await deliveriesOf([id]);
    expect(row).toMatchObject({ status: 'failed', lastError: IDEMPOTENCY_EXPIRED, sentAt: null });
    expect(standIn.requests).toHaveLength(0);
  });

  it('does not re-send after 24 h a request whose sender died while it was in flight', async () => {
    const [id] = await queue(1);
    await db().delivery.update({
      where: { id },
      data: { createdAt: dayAgo(), status: 'sending', attempts: 1, batchKey: `delivery-${id}`, leaseUntil: new Date(Date.now() - 1000) },
    });
    await drain(run, [id]);
    expect((await deliveriesOf([id]))[0]).toMatchObject({ status: 'failed', lastError: IDEMPOTENCY_EXPIRED });
    expect(standIn.requests).toHaveLength(0);
  });

  it('still sends a first attempt of an old delivery: nothing can have been accepted yet', async () => {
    const [id] = await queue(1);
    await db().delivery.update({ where: { id }, data: { createdAt: dayAgo() } });
    await drain(run, [id]);
    expect((await deliveriesOf([id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(standIn.accepted).toHaveLength(1);
  });
});
