import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { claimNextGroup } from '@/lib/notifications/claim';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import {
  acceptedCounts, countingRenderer, deliveriesOf, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { spawnWorker, until, workerEnv } from '@/lib/notifications/testing/worker-process';
import type { Prisma } from '@/lib/generated/prisma/client';
import { createTenant } from '@/lib/test/fixtures';

// Silences decided at claim time, through the real send path: a Resend stand-in on loopback, the real
// PostgreSQL, and a clock the test sets. The seeded incident's event brings two alerts, one on each of the
// first two device groups (see seedIncident).

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;
let clockAt: Date;
let deps: DispatchDeps;
const run = (options: { ids?: readonly string[] }) => dispatchDue(deps, options);
const HOUR = 3_600_000;

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
  await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam' } });
});
afterAll(() => standIn.close());

beforeEach(async () => {
  await parkOtherDeliveries();
  // Each test starts without silences: one left over would hold this test's emails.
  await db().silence.updateMany({ where: { tenantId: world.tenant.id }, data: { endedAt: new Date(0) } });
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
  standIn.script.length = 0;
  standIn.fallback = () => ({ kind: 'ok' });
  clockAt = new Date();
  deps = { ...createDispatchDeps(testConfig(standIn.url), countingRenderer()), clock: () => clockAt };
});
afterEach(() => expect(standIn.violations).toEqual([]));

const groups = () => world.groups.map((group) => group.id);

async function addSilence(data: Partial<Prisma.SilenceUncheckedCreateInput> = {}) {
  return db().silence.create({
    data: {
      tenantId: world.tenant.id,
      name: 'Patch window',
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + HOUR),
      createdByEmail: world.users.GLOBAL_ADMINISTRATOR.email,
      ...data,
    },
  });
}

async function queueOne(groupIds = groups()) {
  return queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id, groupIds), recipients(1));
}

describe('claim-time silences', () => {
  it('holds back a delivery whose every alert the silence covers, and sends the one it does not wholly cover', async () => {
    const silence = await addSilence({ deviceGroupIds: [groups()[0], groups()[1]], severities: ['high', 'medium'] });
    const [covered] = await queueOne();
    // This incident's second alert lies in the third group, outside the silence.
    const [partly] = await queueOne([groups()[0], groups()[2]]);

    await drain(run, [covered, partly]);

    const [a, b] = await Promise.all([deliveriesOf([covered]), deliveriesOf([partly])]);
    expect(a[0]).toMatchObject({ status: 'silenced', silenceId: silence.id, attempts: 0, batchKey: null, sentAt: null });
    expect(b[0]).toMatchObject({ status: 'sent', silenceId: null, attempts: 1 });
    const counts = acceptedCounts(standIn.accepted);
    expect(counts.get(covered)).toBeUndefined();
    expect(counts.get(partly)).toBe(1);
  });

  it('works through a long run of wholly silenced batches, one committed transaction each, to the next email to send', async () => {
    await addSilence({ deviceGroupIds: [groups()[0], groups()[1]] });
    const held: string[] = [];
    for (let i = 0; i < 7; i++) held.push(...(await queueOne()));
    const [sendable] = await queueOne([groups()[2]]);

    // Two at a time: four batches are held back (the fourth with the one sent). Each held batch is its own
    // transaction, so a long run commits as it goes instead of timing out whole and starting over.
    const transactions = vi.spyOn(db(), '$transaction');
    const group = await claimNextGroup({ leaseMs: 60_000, batchSize: 2, clock: () => clockAt });
    expect(transactions.mock.calls.length).toBe(4);
    transactions.mockRestore();
    expect(group?.deliveries.map((delivery) => delivery.id)).toEqual([sendable]);
    expect((await deliveriesOf(held)).map((delivery) => delivery.status)).toEqual(held.map(() => 'silenced'));
  });

  it('sends everything when no silence is in effect: upcoming, expired, ended early, or of another tenant', async () => {
    const other = await createTenant();
    await addSilence({ startsAt: new Date(Date.now() + HOUR), endsAt: new Date(Date.now() + 2 * HOUR) });
    await addSilence({ startsAt: new Date(Date.now() - 2 * HOUR), endsAt: new Date(Date.now() - HOUR) });
    await addSilence({ endedAt: new Date(Date.now() - 60_000) });
    await db().silence.create({
      data: { tenantId: other.tenant.id, name: 'Theirs', startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + HOUR), createdByEmail: 'x@example.com' },
    });
    const ids = await queueOne();
    await drain(run, ids);
    expect((await deliveriesOf(ids)).map((row) => row.status)).toEqual(['sent']);
  });

  it('a weekly silence whose time zone the runtime cannot read holds nothing, and fails no claim', async () => {
    await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Mars/Olympus_Mons' } });
    try {
      // Every day, all day: in effect whatever the time, if the zone could be read.
      await addSilence({ recurrenceWeekdays: [0, 1, 2, 3, 4, 5, 6], recurrenceStartMinute: 0, recurrenceEndMinute: 0 });
      const ids = await queueOne();
      await drain(run, ids);
      expect((await deliveriesOf(ids)).map((row) => row.status)).toEqual(['sent']);
    } finally {
      await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam' } });
    }
  });

  it('follows the tenant wall clock of a weekly window across the spring DST change (Europe/Amsterdam)', async () => {
    // Sundays 02:00–04:00 Amsterdam time through March and April 2026.
    await addSilence({
      startsAt: new Date('2026-03-01T00:00:00Z'),
      endsAt: new Date('2026-05-01T00:00:00Z'),
      recurrenceWeekdays: [0],
      recurrenceStartMinute: 120,
      recurrenceEndMinute: 240,
    });
    const claimAt = async (iso: string) => {
      clockAt = new Date(iso);
      const ids = await queueOne();
      await drain(run, ids);
      return (await deliveriesOf(ids))[0].status;
    };
    expect(await claimAt('2026-03-29T00:59:00Z')).toBe('sent'); // 01:59 CET
    expect(await claimAt('2026-03-29T01:00:00Z')).toBe('silenced'); // 03:00 CEST: 02:00 was skipped
    expect(await claimAt('2026-03-29T02:00:00Z')).toBe('sent'); // 04:00 CEST
    expect(await claimAt('2026-04-05T00:30:00Z')).toBe('silenced'); // 02:30 CEST a week later
    expect(await claimAt('2026-03-22T01:30:00Z')).toBe('silenced'); // 02:30 CET the week before
    expect(await claimAt('2026-03-22T03:00:00Z')).toBe('sent'); // 04:00 CET
  });

  it('and across the autumn DST change: the repeated hour is held both times', async () => {
    await addSilence({
      startsAt: new Date('2026-10-01T00:00:00Z'),
      endsAt: new Date('2026-11-15T00:00:00Z'),
      recurrenceWeekdays: [0],
      recurrenceStartMinute: 120,
      recurrenceEndMinute: 240,
    });
    const claimAt = async (iso: string) => {
      clockAt = new Date(iso);
      const ids = await queueOne();
      await drain(run, ids);
      return (await deliveriesOf(ids))[0].status;
    };
    expect(await claimAt('2026-10-24T23:59:00Z')).toBe('sent'); // 01:59 CEST
    expect(await claimAt('2026-10-25T00:30:00Z')).toBe('silenced'); // 02:30 CEST
    expect(await claimAt('2026-10-25T01:30:00Z')).toBe('silenced'); // 02:30 CET, the second time
    expect(await claimAt('2026-10-25T02:59:00Z')).toBe('silenced'); // 03:59 CET
    expect(await claimAt('2026-10-25T03:00:00Z')).toBe('sent'); // 04:00 CET
    expect(await claimAt('2026-11-01T01:00:00Z')).toBe('silenced'); // 02:00 CET a week later
  });

  it('holds only emails every choosing rule of which the silence names', async () => {
    const [ruleA, ruleB] = ['a0000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002'];
    await addSilence({ ruleIds: [ruleA] });
    const [onlyA] = await queueOne();
    const [both] = await queueOne();
    await db().deliveryRule.createMany({
      data: [
        { deliveryId: onlyA, ruleId: ruleA, ruleName: 'A', tenantId: world.tenant.id },
        { deliveryId: both, ruleId: ruleA, ruleName: 'A', tenantId: world.tenant.id },
        { deliveryId: both, ruleId: ruleB, ruleName: 'B', tenantId: world.tenant.id },
      ],
    });
    await drain(run, [onlyA, both]);
    expect((await deliveriesOf([onlyA]))[0].status).toBe('silenced');
    expect((await deliveriesOf([both]))[0].status).toBe('sent');
  });

  it('never holds back a retry: a request that may be with the provider goes again under its key', async () => {
    deps = { ...createDispatchDeps(testConfig(standIn.url, { backoff: { baseMs: 60_000, maxMs: 60_000 } }), countingRenderer()), clock: () => clockAt };
    const [id] = await queueOne();
    standIn.script.push({ kind: 'status', status: 503 });
    await run({ ids: [id] });
    const [afterFailure] = await deliveriesOf([id]);
    expect(afterFailure).toMatchObject({ status: 'queued', attempts: 1, batchKey: `delivery-${id}` });

    await addSilence();
    await db().delivery.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await drain(run, [id]);
    expect((await deliveriesOf([id]))[0]).toMatchObject({ status: 'sent', attempts: 2, silenceId: null });
    expect(acceptedCounts(standIn.accepted).get(id)).toBe(1);
  });

  it('two dispatchers claiming at once: every covered delivery silenced, every other sent exactly once', async () => {
    await addSilence({ deviceGroupIds: [groups()[0], groups()[1]] });
    const covered = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id, groups()), recipients(30, 'held'));
    const sent = await queueDeliveries(world.tenant.id, await seedIncident(world.tenant.id, [groups()[2], groups()[2]]), recipients(30, 'sent'));
    const config = testConfig(standIn.url, { batchSize: 7 });
    const second = { ...createDispatchDeps(config, countingRenderer()), clock: () => clockAt };
    const first = { ...createDispatchDeps({ ...config, transport: { ...config.transport } }, countingRenderer()), clock: () => clockAt };

    const all = [...covered, ...sent];
    await Promise.all([drain((o) => dispatchDue(first, o), all), drain((o) => dispatchDue(second, o), all)]);

    const rows = await deliveriesOf(all);
    const status = new Map(rows.map((row) => [row.id, row.status]));
    expect(covered.every((id) => status.get(id) === 'silenced')).toBe(true);
    expect(sent.every((id) => status.get(id) === 'sent')).toBe(true);
    const counts = acceptedCounts(standIn.accepted);
    expect(covered.some((id) => counts.has(id))).toBe(false);
    expect(sent.every((id) => counts.get(id) === 1)).toBe(true);
  });

  it('a freshly started worker process honours a silence it never saw being made (nothing is kept in memory)', async () => {
    const silence = await addSilence({ titleContains: 'execution & COMMAND' });
    const held = await queueOne();
    const other = await queueDeliveries(
      world.tenant.id,
      await db().incident.update({
        where: { id: (await seedIncident(world.tenant.id, groups())).incident.id },
        data: { displayName: 'Suspicious sign-in' },
        include: { alerts: true, events: true },
      }).then((incident) => ({ incident, event: incident.events[0] })),
      recipients(1),
    );
    const worker = spawnWorker(workerEnv(inject('databaseUrl'), standIn.url));
    try {
      await until(async () => (await db().delivery.count({ where: { id: { in: [...held, ...other] }, status: { in: ['queued', 'sending'] } } })) === 0, 20_000, 'the worker');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    expect((await deliveriesOf(held))[0]).toMatchObject({ status: 'silenced', silenceId: silence.id });
    expect((await deliveriesOf(other))[0].status).toBe('sent');
  });
});
