import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import {
  acceptedCounts, countingRenderer, deliveriesOf, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { spawnWorker, until, workerEnv } from '@/lib/notifications/testing/worker-process';
import type { Prisma } from '@/lib/generated/prisma/client';
import { createTenant } from '@/lib/test/fixtures';

// Per-recipient caps decided at claim time, through the real send path (Resend stand-in on loopback, the
// real PostgreSQL) with a clock the test sets. Clocks are in the past of the database's own clock, so a
// digest is due as soon as it exists: each test sends it when it chooses, by its id.
// seedIncident's event brings a high alert (group 0) and a medium one (group 1): an email with both is High.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;
let clockAt: Date;
let renderer: ReturnType<typeof countingRenderer>;
let deps: DispatchDeps;
const run = (options: { ids?: readonly string[] }) => dispatchDue(deps, options);

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
  await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam' } });
});
afterAll(() => standIn.close());

beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
  standIn.script.length = 0;
  standIn.fallback = () => ({ kind: 'ok' });
  clockAt = new Date('2026-03-10T10:20:00Z');
  renderer = countingRenderer();
  deps = { ...createDispatchDeps(testConfig(standIn.url), renderer), clock: () => clockAt };
});
afterEach(() => expect(standIn.violations).toEqual([]));

async function addRule(data: Partial<Prisma.NotificationRuleUncheckedCreateInput>, tenantId = world.tenant.id) {
  return db().notificationRule.create({ data: { tenantId, name: `Rule ${Math.random().toString(36).slice(2, 8)}`, severities: [], ...data } });
}

type QueueOptions = { severity?: 'high' | 'medium'; rules?: { id: string; name: string }[]; tenantId?: string; language?: 'en' | 'nl'; groupIds?: string[] };

// One incident email to `email`, chosen by `rules`.
async function queueTo(email: string, options: QueueOptions = {}): Promise<string> {
  const tenantId = options.tenantId ?? world.tenant.id;
  const seeded = await seedIncident(tenantId, options.groupIds ?? world.groups.map((group) => group.id));
  const [id] = await queueDeliveries(tenantId, seeded, [{ email, language: options.language }]);
  if (options.severity === 'medium') {
    const medium = seeded.incident.alerts[1];
    await db().delivery.update({ where: { id }, data: { alertExternalIds: [medium.externalId], deviceGroupIds: medium.deviceGroupIds } });
  }
  if (options.rules?.length) {
    await db().deliveryRule.createMany({ data: options.rules.map((rule) => ({ deliveryId: id, ruleId: rule.id, ruleName: rule.name, tenantId, incidentId: seeded.incident.id })) });
  }
  return id;
}

async function queueMany(count: number, email: string, options: QueueOptions = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await queueTo(email, options));
  return ids;
}

const statuses = async (ids: string[]) => (await deliveriesOf(ids)).map((row) => row.status).sort();
const one = () => recipients(1)[0].email;

describe('per-rule caps', () => {
  it('holds what exceeds a severity limit in the hour, lets other severities through, and lists the held in one digest at the hour end', async () => {
    const rule = await addRule({ capPeriod: 'hour', capHigh: 1 });
    const to = one();
    const high = await queueMany(3, to, { rules: [rule] });
    const medium = await queueMany(2, to, { rules: [rule], severity: 'medium' });
    await drain(run, [...high, ...medium]);

    expect(await statuses(high)).toEqual(['held', 'held', 'sent']);
    expect(await statuses(medium)).toEqual(['sent', 'sent']);
    const held = (await deliveriesOf(high)).filter((row) => row.status === 'held');
    expect(held.map((row) => row.heldReason)).toEqual(held.map(() => ({ scope: 'rule', ruleId: rule.id, ruleName: rule.name, severity: 'high', limit: 1, period: 'hour' })));
    expect(new Set(held.map((row) => row.digestId)).size).toBe(1);
    const digest = await db().delivery.findUniqueOrThrow({ where: { id: held[0].digestId! }, include: { rules: true } });
    expect(digest).toMatchObject({ kind: 'digest', status: 'queued', recipientEmail: to, nextAttemptAt: new Date('2026-03-10T11:00:00Z') });
    expect(digest.rules.map((link) => link.ruleId)).toEqual([rule.id]);
    expect(digest.deviceGroupIds.sort()).toEqual([world.groups[0].id, world.groups[1].id].sort());
    const counts = await db().recipientCapCount.findMany({ where: { cap: rule.id, recipientEmail: to } });
    expect(counts).toEqual([expect.objectContaining({ severity: 'high', sent: 1, periodStart: new Date('2026-03-10T10:00:00Z') })]);
    expect(acceptedCounts(standIn.accepted).size).toBe(3);

    await drain(run, [digest.id]);
    expect((await deliveriesOf([digest.id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(renderer.digestCalls).toHaveLength(1);
    expect(renderer.digestCalls[0].items).toHaveLength(2);
    expect(renderer.digestCalls[0].caps).toEqual([{ scope: 'rule', ruleName: rule.name, severity: 'high', limit: 1, period: 'hour', count: 2 }]);
    const tags = standIn.accepted.find((email) => email.deliveryId === digest.id);
    expect(tags?.subject).toBe('Digest of 2');

    // Later in the same hour: still capped, and into a new digest (the first one has gone out).
    clockAt = new Date('2026-03-10T10:50:00Z');
    const [late] = await queueMany(1, to, { rules: [rule] });
    await drain(run, [late]);
    const [lateRow] = await deliveriesOf([late]);
    expect(lateRow.status).toBe('held');
    expect(lateRow.digestId).not.toBe(digest.id);
    // The next hour starts afresh.
    clockAt = new Date('2026-03-10T11:00:00Z');
    const next = await queueMany(2, to, { rules: [rule] });
    await drain(run, next);
    expect(await statuses(next)).toEqual(['held', 'sent']);
  });

  it('holds only when every choosing rule has used up its cap: an uncapped or deleted rule lets it through', async () => {
    const capped = await addRule({ capPeriod: 'day', capHigh: 1 });
    const alsoCapped = await addRule({ capPeriod: 'day', capHigh: 1 });
    const uncapped = await addRule({});
    const mediumOnly = await addRule({ capPeriod: 'day', capMedium: 0 });
    const deleted = { id: 'd0000000-0000-4000-8000-00000000000d', name: 'Deleted' };
    const to = one();
    await drain(run, [await queueTo(to, { rules: [capped, alsoCapped] })]);

    const ids = [
      await queueTo(to, { rules: [capped, uncapped] }),
      await queueTo(to, { rules: [capped, deleted] }),
      await queueTo(to, { rules: [capped, mediumOnly] }),
      await queueTo(to, { rules: [capped, alsoCapped] }),
    ];
    await drain(run, ids);
    expect((await deliveriesOf(ids)).map((row) => ids.indexOf(row.id) + ':' + row.status).sort()).toEqual(['0:sent', '1:sent', '2:sent', '3:held']);
  });
});

describe('retries', () => {
  it('never holds a retry: it was counted when first claimed and may already be with the provider', async () => {
    deps = { ...createDispatchDeps(testConfig(standIn.url, { backoff: { baseMs: 60_000, maxMs: 60_000 } }), renderer), clock: () => clockAt };
    const rule = await addRule({ capPeriod: 'hour', capHigh: 1 });
    const to = one();
    const [first] = await queueMany(1, to, { rules: [rule] });
    standIn.script.push({ kind: 'status', status: 503 });
    await run({ ids: [first] });
    expect((await deliveriesOf([first]))[0]).toMatchObject({ status: 'queued', attempts: 1 });

    await db().delivery.update({ where: { id: first }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await drain(run, [first]);
    expect((await deliveriesOf([first]))[0]).toMatchObject({ status: 'sent', attempts: 2, digestId: null });
    expect((await db().recipientCapCount.findFirstOrThrow({ where: { cap: rule.id, recipientEmail: to } })).sent).toBe(1);
    const [second] = await queueMany(1, to, { rules: [rule] });
    await drain(run, [second]);
    expect((await deliveriesOf([second]))[0].status).toBe('held');
  });
});

describe('per-address caps', () => {
  let other: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    other = await createTenant();
    await db().tenant.update({ where: { id: other.tenant.id }, data: { timeZone: 'Europe/Amsterdam', addressCapPeriod: 'day', addressCapHigh: 1 } });
  });
  const queue = (to: string, options: QueueOptions = {}) => queueTo(to, { tenantId: other.tenant.id, groupIds: other.groups.map((g) => g.id), ...options });

  it('counts every rule of the tenant together, and sends the digest at the end of a 23-hour DST day', async () => {
    const to = one();
    clockAt = new Date('2026-03-29T10:00:00Z'); // Sunday of the spring change
    const ids = [await queue(to, { rules: [await addRule({}, other.tenant.id)] }), await queue(to, { rules: [await addRule({}, other.tenant.id)] }), await queue(to)];
    await drain(run, ids);
    expect(await statuses(ids)).toEqual(['held', 'held', 'sent']);
    const held = (await deliveriesOf(ids)).filter((row) => row.status === 'held');
    expect(held[0].heldReason).toEqual({ scope: 'address', severity: 'high', limit: 1, period: 'day' });
    const digest = await db().delivery.findUniqueOrThrow({ where: { id: held[0].digestId! } });
    // Local midnight after a 23-hour day: 22:00 UTC (CEST).
    expect(digest.nextAttemptAt).toEqual(new Date('2026-03-29T22:00:00Z'));
    expect(held[1].digestId).toBe(digest.id);
  });

  it('sends the digest at the chosen time of day on the tenant wall clock, across the DST change', async () => {
    await db().tenant.update({ where: { id: other.tenant.id }, data: { addressDigestAtMinute: 8 * 60 } });
    try {
      const heldAt = async (iso: string) => {
        clockAt = new Date(iso);
        const to = one();
        const ids = await Promise.all([queue(to), queue(to)]);
        await drain(run, ids);
        const held = (await deliveriesOf(ids)).find((row) => row.status === 'held');
        return (await db().delivery.findUniqueOrThrow({ where: { id: held!.digestId! } })).nextAttemptAt.toISOString();
      };
      expect(await heldAt('2026-03-28T12:00:00Z')).toBe('2026-03-29T06:00:00.000Z'); // 08:00 CEST, after the change
      expect(await heldAt('2026-03-28T05:00:00Z')).toBe('2026-03-28T07:00:00.000Z'); // 08:00 CET, the same morning
      expect(await heldAt('2026-10-24T12:00:00Z')).toBe('2026-10-25T07:00:00.000Z'); // 08:00 CET, after the autumn change
    } finally {
      await db().tenant.update({ where: { id: other.tenant.id }, data: { addressDigestAtMinute: null } });
    }
  });
});

describe('several dispatchers, restarts and the digest', () => {
  it('two dispatchers claiming at once never exceed a cap, and list every held email in exactly one digest', async () => {
    const rule = await addRule({ capPeriod: 'hour', capHigh: 3 });
    const [a, b] = [one(), one()];
    const ids = [...(await queueMany(12, a, { rules: [rule] })), ...(await queueMany(12, b, { rules: [rule] }))];
    const config = testConfig(standIn.url, { batchSize: 2 });
    const first = { ...createDispatchDeps(config, countingRenderer()), clock: () => clockAt };
    const second = { ...createDispatchDeps({ ...config, transport: { ...config.transport } }, countingRenderer()), clock: () => clockAt };
    await Promise.all([drain((o) => dispatchDue(first, o), ids), drain((o) => dispatchDue(second, o), ids)]);

    const rows = await deliveriesOf(ids);
    for (const to of [a, b]) {
      const mine = rows.filter((row) => row.recipientEmail === to);
      expect(mine.filter((row) => row.status === 'sent')).toHaveLength(3);
      const held = mine.filter((row) => row.status === 'held');
      expect(held).toHaveLength(9);
      expect(new Set(held.map((row) => row.digestId)).size).toBe(1);
      expect(await db().delivery.count({ where: { kind: 'digest', recipientEmail: to } })).toBe(1);
    }
    expect([...acceptedCounts(standIn.accepted).values()].every((count) => count === 1)).toBe(true);
    expect(standIn.accepted).toHaveLength(6);
  });

  it('a digest whose time has come is sent by a freshly started worker that never saw it held', async () => {
    const rule = await addRule({ capPeriod: 'hour', capHigh: 0 });
    const to = one();
    const [held] = await queueMany(1, to, { rules: [rule] });
    await drain(run, [held]);
    const { digestId } = (await deliveriesOf([held]))[0];
    expect(digestId).not.toBeNull();
    const worker = spawnWorker(workerEnv(inject('databaseUrl'), standIn.url));
    try {
      await until(async () => (await db().delivery.count({ where: { id: digestId!, status: 'sent' } })) === 1, 20_000, 'the worker');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    const sent = standIn.accepted.filter((email) => email.deliveryId === digestId);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain('Multi-stage incident involving Execution');
    expect((await deliveriesOf([held]))[0].status).toBe('held');
  });

  it('is never itself silenced, and is not sent before its time', async () => {
    const rule = await addRule({ capPeriod: 'day', capHigh: 0 });
    const to = one();
    clockAt = new Date();
    const [held] = await queueMany(1, to, { rules: [rule] });
    await drain(run, [held]);
    const digestId = (await deliveriesOf([held]))[0].digestId!;
    await run({ ids: [digestId] });
    expect((await deliveriesOf([digestId]))[0].status).toBe('queued');

    await db().silence.create({
      data: { tenantId: world.tenant.id, name: 'Everything', startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000), createdByEmail: 'a@example.com' },
    });
    try {
      await db().delivery.update({ where: { id: digestId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      await drain(run, [digestId]);
      expect((await deliveriesOf([digestId]))[0]).toMatchObject({ status: 'sent', silenceId: null });
    } finally {
      await db().silence.updateMany({ where: { tenantId: world.tenant.id }, data: { endedAt: new Date(0) } });
    }
  });
});
