import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import {
  acceptedCounts, countingRenderer, deliveriesOf, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';

// The send path against a scripted Resend stand-in on loopback and the real PostgreSQL.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;
let renderer: ReturnType<typeof countingRenderer>;
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
  standIn.fallback = () => ({ kind: 'ok' });
  renderer = countingRenderer();
  deps = createDispatchDeps(testConfig(standIn.url), renderer);
});

// Whatever a test scripts, what the dispatcher sends must conform to Resend's request rules.
afterEach(() => expect(standIn.violations).toEqual([]));

async function queue(count: number, extra: Parameters<typeof queueDeliveries>[2] = []) {
  const seeded = await seedIncident(world.tenant.id, world.groups.map((g) => g.id));
  return queueDeliveries(world.tenant.id, seeded, [...recipients(count), ...extra]);
}

describe('sending', () => {
  it('sends 250 deliveries of two events exactly once each, in batches of at most 100, rendering each combination once', async () => {
    const a = await seedIncident(world.tenant.id, world.groups.map((g) => g.id));
    const b = await seedIncident(world.tenant.id);
    const mixed = recipients(150).map((r, i) => ({
      ...r,
      language: i % 2 ? ('nl' as const) : ('en' as const),
      includeOrganizationName: i % 3 === 0,
      includeTenantPortalLink: i % 3 === 0,
    }));
    const ids = [...(await queueDeliveries(world.tenant.id, a, mixed)), ...(await queueDeliveries(world.tenant.id, b, recipients(100)))];

    await drain(run, ids);

    const rows = await deliveriesOf(ids);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1 && row.sentAt && row.lastError === null)).toBe(true);
    const counts = acceptedCounts(standIn.accepted);
    expect(ids.every((id) => counts.get(id) === 1)).toBe(true);
    expect(standIn.accepted).toHaveLength(250);
    // The stored provider id is the one the provider gave that delivery.
    const byDelivery = new Map(standIn.accepted.map((email) => [email.deliveryId, email]));
    expect(rows.every((row) => byDelivery.get(row.id)?.id === row.providerMessageId)).toBe(true);
    expect(rows.every((row) => byDelivery.get(row.id)?.to.join() === row.recipientEmail)).toBe(true);
    // Raw requests: 250 in 3 batch requests, no more (sent by parallel lanes, so in any order).
    expect(standIn.requests.map((r) => [r.path, r.emailCount, r.outcome]).sort((x, y) => Number(y[1]) - Number(x[1]))).toEqual([
      ['/emails/batch', 100, 'accepted'], ['/emails/batch', 100, 'accepted'], ['/emails/batch', 50, 'accepted'],
    ]);
    // Event a: 2 languages x 2 option sets; event b: 1.
    expect(renderer.incidentCalls).toHaveLength(5);
  });

  it('sends a single due delivery through POST /emails with one recipient, html and text, under its own key', async () => {
    const [id] = await queue(1);
    await drain(run, [id]);
    expect(standIn.requests).toMatchObject([{ path: '/emails', emailCount: 1, idempotencyKey: `delivery-${id}`, outcome: 'accepted' }]);
    const [row] = await deliveriesOf([id]);
    expect(row).toMatchObject({ status: 'sent', batchKey: `delivery-${id}`, providerMessageId: standIn.accepted[0].id });
    expect(standIn.accepted[0].from).toBe('Incident notifications <alerts@example.com>');
  });

  it('builds the email from the stored incident: the event\'s alerts, group names, link and organization per options', async () => {
    const [plain, withOptions] = await queue(0, [
      { email: 'plain@contoso.com' },
      { email: 'org@contoso.com', language: 'nl', includeOrganizationName: true, includeTenantPortalLink: true },
    ]);
    await drain(run, [plain, withOptions]);
    const props = (id: string) => JSON.parse(standIn.accepted.find((e) => e.deliveryId === id)!.text!);
    expect(props(plain)).toMatchObject({ locale: 'en', organizationName: null, timeZone: 'Europe/Amsterdam', eventKind: 'created' });
    expect(props(plain).incident.url).toBe('https://security.microsoft.com/incident2/29/overview');
    expect(props(withOptions)).toMatchObject({ locale: 'nl', organizationName: world.tenant.name });
    expect(props(withOptions).incident.url).toContain(`?tid=${world.tenant.microsoftTenantId}`);
    expect(props(plain).alerts).toHaveLength(2);
    expect(props(plain).deviceGroups).toEqual(['Clients', 'Servers']);
  });
});

describe('failures', () => {
  it('fails a 4xx at once, visibly, without retrying', async () => {
    const [id] = await queue(1);
    standIn.script.push({ kind: 'status', status: 422 });
    await drain(run, [id]);
    const [row] = await deliveriesOf([id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null, providerMessageId: null });
    expect(row.lastError).toMatch(/^422 validation_error/);
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries a batch rejected as invalid one by one, so only the faulty email fails', async () => {
    const ids = await queue(3, [{ email: 'bounce@contoso.com' }]);
    standIn.fallback = (_path, emails) =>
      emails.some((e) => String(e.to).startsWith('bounce')) ? { kind: 'status', status: 422 } : { kind: 'ok' };
    await drain(run, ids);
    const rows = await deliveriesOf(ids);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'failed').map((r) => r.recipientEmail)).toEqual(['bounce@contoso.com']);
    expect(acceptedCounts(standIn.accepted).size).toBe(3);
    expect(standIn.requests.map((r) => r.emailCount)).toEqual([4, 1, 1, 1, 1]);
  });

  it('retries 5xx with backoff under the same key and gives up after N attempts with the last error', async () => {
    const [id] = await queue(1);
    standIn.fallback = () => ({ kind: 'status', status: 500 });
    await drain(run, [id]);
    const [row] = await deliveriesOf([id]);
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.lastError).toMatch(/^Gave up after 3 attempts\. Last error: 500/);
    expect(standIn.requests.map((r) => [r.idempotencyKey, r.outcome])).toEqual(Array(3).fill([`delivery-${id}`, '500']));
    // Backoff: each retry waited at least half its exponential step (base 20 ms).
    const [t1, t2, t3] = standIn.requests.map((r) => r.at);
    expect(t2 - t1).toBeGreaterThanOrEqual(10);
    expect(t3 - t2).toBeGreaterThanOrEqual(20);
  });

  it('recovers from 5xx before the attempts run out', async () => {
    const ids = await queue(2);
    standIn.script.push({ kind: 'status', status: 503 });
    await drain(run, ids);
    expect((await deliveriesOf(ids)).map((r) => [r.status, r.attempts, r.lastError])).toEqual([['sent', 2, null], ['sent', 2, null]]);
  });
});

describe('never twice', () => {
  it('a hung request times out and is retried under the same key; the email is accepted once', async () => {
    const [id] = await queue(1);
    standIn.script.push({ kind: 'hang' });
    await drain(run, [id]);
    expect(standIn.requests.map((r) => r.outcome)).toEqual(['hang', 'accepted']);
    expect(new Set(standIn.requests.map((r) => r.idempotencyKey))).toEqual(new Set([`delivery-${id}`]));
    expect((await deliveriesOf([id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(standIn.accepted).toHaveLength(1);
  });

  it('an answer lost after the provider accepted: the retry is answered from the idempotency cache', async () => {
    const ids = await queue(3);
    standIn.script.push({ kind: 'drop' });
    await drain(run, ids);
    expect(standIn.requests.map((r) => r.outcome)).toEqual(['accepted-drop', 'replayed']);
    expect(standIn.accepted).toHaveLength(3);
    const rows = await deliveriesOf(ids);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
    expect(rows.map((r) => r.providerMessageId).sort()).toEqual(standIn.accepted.map((e) => e.id).sort());
  });

  it('a key the provider already used for another body counts as sent, with a note', async () => {
    const [id] = await queue(1);
    await fetch(`${standIn.url}/emails`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_test', 'content-type': 'application/json', 'idempotency-key': `delivery-${id}` },
      body: JSON.stringify({ from: 'a@example.com', to: 'x@contoso.com', subject: 'earlier version', text: 'x' }),
    });
    await drain(run, [id]);
    const [row] = await deliveriesOf([id]);
    expect(row).toMatchObject({ status: 'sent', providerMessageId: null });
    expect(row.lastError).toMatch(/earlier request with the same idempotency key/);
  });

  it('re-claims a group whose sender died (lease over) and re-sends the same request under the same key', async () => {
    const ids = await queue(3);
    const { claimNextGroup } = await import('@/lib/notifications/claim');
    const dead = await claimNextGroup({ leaseMs: 60_000, batchSize: 100, ids });
    expect(dead?.deliveries.map((d) => d.id)).toEqual([...ids].sort());
    // Nobody else may take it while the lease lasts.
    expect(await run({ ids })).toBe(0);
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    await drain(run, ids);
    expect(standIn.requests).toMatchObject([{ idempotencyKey: dead!.batchKey, emailCount: 3 }]);
    expect((await deliveriesOf(ids)).every((r) => r.status === 'sent' && r.attempts === 2 && r.batchKey === dead!.batchKey)).toBe(true);
  });
});
