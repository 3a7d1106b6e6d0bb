import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { countingRenderer, drain, parkOtherDeliveries, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { spawnWorker, until, workerEnv } from '@/lib/notifications/testing/worker-process';

// Coalescing windows through the real ingest and the real send path (a Resend stand-in on loopback, the
// real PostgreSQL). Whether a window is due is PostgreSQL's clock against the stored window end, so a test
// that needs a window already over ingests "in the past" (receivedAt minutes ago).

const MINUTE = 60_000;
let standIn: ResendStandIn;
let renderer: ReturnType<typeof countingRenderer>;
let deps: DispatchDeps;
const run = (options: { ids?: readonly string[] }) => dispatchDue(deps, options);

beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.requests.length = 0;
  standIn.accepted.length = 0;
  renderer = countingRenderer();
  deps = createDispatchDeps(testConfig(standIn.url), renderer);
});
afterEach(async () => {
  expect(standIn.violations).toEqual([]);
  // What a test leaves waiting (windows not over, emails it did not send) must not look due to other files
  // sharing this database: a due incident email keeps their test emails from being claimed.
  await db().delivery.updateMany({ where: { tenantId: { in: tenantIds }, status: 'queued' }, data: { nextAttemptAt: new Date('2999-01-01') } });
});
const tenantIds: string[] = [];

async function ingest(tenantId: string, payload: unknown, receivedAt: Date) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, receivedAt);
}

// A tenant with one rule on every alert, waiting `minutes` for more changes.
async function worldWithWindow(minutes: number, bypassHigh = false, email = 'soc@contoso.com') {
  const world = await createWorld();
  tenantIds.push(world.tenant.id);
  const rule = await addRule(world.ctx, { recipients: [{ email, language: 'en' }] });
  await db().notificationRule.update({ where: { id: rule.id }, data: { coalesceMinutes: minutes, coalesceBypassHigh: bypassHigh } });
  await backdateRecipients(world.tenant.id);
  return world;
}

// Recipients hear only of events received after they were added: these tests ingest "in the past".
const backdateRecipients = (tenantId: string) =>
  db().ruleRecipient.updateMany({ where: { tenantId }, data: { addedAt: new Date(Date.now() - 60 * MINUTE) } });

const deliveries = (tenantId: string) =>
  db().delivery.findMany({ where: { tenantId, kind: 'incident' }, include: { event: true, rules: true }, orderBy: { createdAt: 'asc' } });

const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE);

// An incident with alert a1, then: it and a1 are taken in progress, a new alert a2 arrives, a1's severity rises.
// (Rules select alerts: an event that changes only the incident's own fields emails nobody.)
async function burstOfUpdates(tenantId: string, id: string, startMinutesAgo: number) {
  const a1 = (severity = 'low') => nativeAlert(`${id}-a1`, { status: 'inProgress', severity });
  const a2 = nativeAlert(`${id}-a2`, { severity: 'medium' });
  await ingest(tenantId, nativeIncident(id, [nativeAlert(`${id}-a1`)]), ago(startMinutesAgo));
  await ingest(tenantId, nativeIncident(id, [a1()], { status: 'inProgress' }), ago(startMinutesAgo - 1));
  await ingest(tenantId, nativeIncident(id, [a1(), a2], { status: 'inProgress' }), ago(startMinutesAgo - 2));
  await ingest(tenantId, nativeIncident(id, [a1('medium'), a2], { status: 'inProgress' }), ago(startMinutesAgo - 3));
}

const resolved = (id: string) => nativeIncident(id, [nativeAlert(`${id}-a1`, { status: 'resolved' })], { status: 'resolved' });

describe('coalescing windows', () => {
  it('turns the events of one incident within the window into one email listing every change', async () => {
    const { tenant } = await worldWithWindow(5);
    await burstOfUpdates(tenant.id, 'co-1', 10);

    const rows = await deliveries(tenant.id);
    expect(rows).toHaveLength(4);
    const [opener, ...joined] = rows;
    expect(opener).toMatchObject({ status: 'queued', coalescedIntoId: null, alertExternalIds: ['co-1-a1', 'co-1-a2'] });
    expect(opener.windowEndsAt?.getTime()).toBe(opener.event!.receivedAt.getTime() + 5 * MINUTE);
    expect(opener.nextAttemptAt.getTime()).toBe(opener.windowEndsAt!.getTime());
    expect(joined.map((row) => [row.status, row.coalescedIntoId])).toEqual(Array(3).fill(['coalesced', opener.id]));

    await drain(run, [opener.id]);

    expect(standIn.accepted.map((email) => email.deliveryId)).toEqual([opener.id]);
    const [props] = renderer.incidentCalls;
    expect(props.eventKind).toBe('created');
    expect(props.alerts.map((alert) => alert.title)).toEqual(['Alert co-1-a1', 'Alert co-1-a2']);
    expect(props.changes?.map((change) => [change.kind, change.alertTitle, change.from, change.to])).toEqual([
      ['status', null, 'active', 'inProgress'],
      ['alertStatus', 'Alert co-1-a1', 'new', 'inProgress'],
      ['alertAdded', 'Alert co-1-a2', null, 'medium'],
      ['alertSeverity', 'Alert co-1-a1', 'low', 'medium'],
    ]);
    // The joined rows stay as they were: each records that it went out with the window's email.
    const after = await deliveries(tenant.id);
    expect(after.map((row) => row.status)).toEqual(['sent', 'coalesced', 'coalesced', 'coalesced']);
  });

  it('keeps waiting until the window ends, and a change after the email was claimed opens the next window', async () => {
    const { tenant } = await worldWithWindow(5);
    await ingest(tenant.id, nativeIncident('co-2', [nativeAlert('co-2-a1')]), new Date());
    const [open] = await deliveries(tenant.id);
    await run({ ids: [open.id] });
    expect(standIn.accepted).toEqual([]);
    expect((await deliveries(tenant.id))[0].status).toBe('queued');

    // The email is claimed (its content is final from here on): the next change cannot join it.
    await db().delivery.update({ where: { id: open.id }, data: { nextAttemptAt: ago(1) } });
    await drain(run, [open.id]);
    await ingest(tenant.id, resolved('co-2'), new Date());
    const rows = await deliveries(tenant.id);
    expect(rows.map((row) => [row.status, row.coalescedIntoId])).toEqual([['sent', null], ['queued', null]]);
    expect(rows[1].windowEndsAt).not.toBeNull();
  });

  it('never lets a change join an email a dispatcher is claiming at that moment', async () => {
    const { tenant } = await worldWithWindow(5);
    await ingest(tenant.id, nativeIncident('co-3', [nativeAlert('co-3-a1')]), ago(1));
    const [open] = await deliveries(tenant.id);
    let claimed!: () => void;
    const claiming = db().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Delivery" WHERE "id" = ${open.id}::uuid FOR UPDATE`;
      await new Promise<void>((resolve) => (claimed = resolve));
      await tx.delivery.update({ where: { id: open.id }, data: { status: 'sending', batchKey: `delivery-${open.id}` } });
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const update = ingest(tenant.id, resolved('co-3'), new Date());
    // The update waits for the claim's lock, then sees a claimed email and opens a window of its own.
    await new Promise((resolve) => setTimeout(resolve, 200));
    claimed();
    await Promise.all([claiming, update]);
    const rows = await deliveries(tenant.id);
    expect(rows.map((row) => [row.status, row.coalescedIntoId])).toEqual([['sending', null], ['queued', null]]);
  });

  it('sends at once when a new High-severity alert arrives and the rule lets it through, with the changes so far', async () => {
    const { tenant } = await worldWithWindow(30, true);
    await ingest(tenant.id, nativeIncident('co-4', [nativeAlert('co-4-a1')]), ago(2));
    await ingest(tenant.id, nativeIncident('co-4', [nativeAlert('co-4-a1'), nativeAlert('co-4-a2', { severity: 'high' })]), ago(1));
    const [opener, joined] = await deliveries(tenant.id);
    expect(joined).toMatchObject({ status: 'coalesced', coalescedIntoId: opener.id });
    expect(opener.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    await drain(run, [opener.id]);
    expect(standIn.accepted).toHaveLength(1);
    expect(renderer.incidentCalls[0].changes?.map((change) => change.kind)).toEqual(['alertAdded']);
  });

  it('does not wait when a new incident brings a High-severity alert, or when another rule wants every change at once', async () => {
    const { tenant, ctx } = await worldWithWindow(30, true);
    await ingest(tenant.id, nativeIncident('co-5', [nativeAlert('co-5-a1', { severity: 'high' })]), new Date());
    const [high] = await deliveries(tenant.id);
    expect(high.windowEndsAt).toBeNull();
    expect(high.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());

    await addRule(ctx, { name: 'At once', recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    await ingest(tenant.id, nativeIncident('co-6', [nativeAlert('co-6-a1')]), new Date());
    const sixth = (await deliveries(tenant.id)).find((row) => row.alertExternalIds.includes('co-6-a1'))!;
    expect(sixth).toMatchObject({ status: 'queued', windowEndsAt: null });
  });

  it('keeps each recipient and incident in its own window, and a new process with two dispatchers sends each window once', async () => {
    const { tenant, ctx } = await worldWithWindow(5);
    const other = await addRule(ctx, { name: 'Medium only', severities: ['medium'], recipients: [{ email: 'lead@contoso.com', language: 'nl' }] });
    await db().notificationRule.update({ where: { id: other.id }, data: { coalesceMinutes: 10 } });
    await backdateRecipients(tenant.id);
    await ingest(tenant.id, nativeIncident('co-7', [nativeAlert('co-7-a1')]), ago(12));
    await ingest(tenant.id, nativeIncident('co-8', [nativeAlert('co-8-a1')]), ago(12));
    await ingest(tenant.id, nativeIncident('co-7', [nativeAlert('co-7-a1'), nativeAlert('co-7-a2', { severity: 'medium' })]), ago(11));

    const rows = await deliveries(tenant.id);
    const opened = rows.filter((row) => row.status === 'queued');
    // soc@ for co-7 and co-8; lead@ for co-7's medium alert (its own window: it was not chosen before).
    expect(opened.map((row) => [row.recipientEmail, row.alertExternalIds])).toEqual([
      ['soc@contoso.com', ['co-7-a1', 'co-7-a2']],
      ['soc@contoso.com', ['co-8-a1']],
      ['lead@contoso.com', ['co-7-a2']],
    ]);
    // A new process: the windows are rows, nothing in memory.
    deps = createDispatchDeps(testConfig(standIn.url), renderer);
    await Promise.all([drain(run, opened.map((row) => row.id)), drain(run, opened.map((row) => row.id))]);
    const byRecipient = standIn.accepted.map((email) => email.to[0]).sort();
    expect(byRecipient).toEqual(['lead@contoso.com', 'soc@contoso.com', 'soc@contoso.com']);
  });

  it('sends a window once with two dispatcher processes, one of them restarted while the window is open', async () => {
    const { tenant } = await worldWithWindow(5, false, 'restart@contoso.com');
    // The window ends about 4 seconds from now.
    await ingest(tenant.id, nativeIncident('co-9', [nativeAlert('co-9-a1')]), new Date(Date.now() - 5 * MINUTE + 4_000));
    const env = workerEnv(inject('databaseUrl'), standIn.url);
    const workers = [spawnWorker(env), spawnWorker(env)];
    try {
      await ingest(tenant.id, nativeIncident('co-9', [nativeAlert('co-9-a1'), nativeAlert('co-9-a2')]), new Date());
      // One process dies without a word and a new one takes its place; the window is rows, not its memory.
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      workers[0] = spawnWorker(env);
      await ingest(tenant.id, nativeIncident('co-9', [nativeAlert('co-9-a1', { status: 'resolved' }), nativeAlert('co-9-a2')]), new Date());
      const opener = (await deliveries(tenant.id))[0]!;
      await until(async () => (await db().delivery.findUniqueOrThrow({ where: { id: opener.id } })).status === 'sent', 20_000, 'the window’s email');
      // Long enough for a second copy to have gone out, were there one.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => worker.exited));
    }
    const sent = standIn.accepted.filter((email) => email.to.includes('restart@contoso.com'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('Changes since the last email (2)');
    expect((await deliveries(tenant.id)).map((row) => row.status)).toEqual(['sent', 'coalesced', 'coalesced']);
  });

  it('sends a window no later than a joining change with a shorter window of its own would have gone', async () => {
    const { tenant, ctx } = await worldWithWindow(60);
    const shorter = await addRule(ctx, { name: 'Medium, 5 minutes', severities: ['medium'], recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    await db().notificationRule.update({ where: { id: shorter.id }, data: { coalesceMinutes: 5 } });
    await backdateRecipients(tenant.id);
    const opened = ago(20);
    await ingest(tenant.id, nativeIncident('co-10', [nativeAlert('co-10-a1')]), opened);
    const [window] = await deliveries(tenant.id);
    expect(window.nextAttemptAt.getTime()).toBe(opened.getTime() + 60 * MINUTE);
    // Chosen by both rules: on its own it would wait 5 minutes, so the window now ends then.
    const joinedAt = ago(2);
    await ingest(tenant.id, nativeIncident('co-10', [nativeAlert('co-10-a1'), nativeAlert('co-10-a2', { severity: 'medium' })]), joinedAt);
    const [after, joined] = await deliveries(tenant.id);
    expect(joined).toMatchObject({ status: 'coalesced', coalescedIntoId: window.id });
    expect(after.nextAttemptAt.getTime()).toBe(joinedAt.getTime() + 5 * MINUTE);
    expect(after.rules.map((rule) => rule.ruleId).sort()).toEqual([window.rules[0]!.ruleId, shorter.id].sort());
  });
});
