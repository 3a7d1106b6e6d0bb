import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { sendTestEmail, sendTestEmailToRecipients } from '@/lib/notifications/test-email';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { claimNextGroup } from '@/lib/notifications/claim';
import {
  countingRenderer, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig,
} from '@/lib/notifications/testing/outbox-fixtures';
import { SafeError } from '@/lib/safe-error';
import { basicContext, createTenant } from '@/lib/test/fixtures';

// Test emails go through the outbox and the dispatcher like real ones, and report each recipient's outcome.

type World = Awaited<ReturnType<typeof createTenant>>;
let standIn: ResendStandIn;
let own: World;
let other: World;
let renderer: ReturnType<typeof countingRenderer>;
let deps: DispatchDeps;

const contextOf = (world: World): TenantContext => basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);

async function createRule(world: World, options: { includeOrganizationName?: boolean; includeTenantPortalLink?: boolean } = {}) {
  return db().notificationRule.create({
    data: {
      tenantId: world.tenant.id,
      name: 'High severity to SOC',
      severities: ['high'],
      ...options,
      recipients: {
        create: [
          { tenantId: world.tenant.id, email: 'soc@contoso.com', language: 'en' },
          { tenantId: world.tenant.id, email: 'analist@contoso.nl', language: 'nl' },
        ],
      },
    },
  });
}

beforeAll(async () => {
  standIn = await startResendStandIn();
  own = await createTenant();
  other = await createTenant();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.accepted.length = 0;
  standIn.requests.length = 0;
  standIn.fallback = () => ({ kind: 'ok' });
  renderer = countingRenderer();
  deps = createDispatchDeps(testConfig(standIn.url), renderer);
});
afterEach(() => expect(standIn.violations).toEqual([]));

describe('sendTestEmail', () => {
  it('sends the sample incident to each current recipient, in their language, and records test deliveries', async () => {
    const rule = await createRule(own, { includeOrganizationName: true, includeTenantPortalLink: true });
    const results = await sendTestEmail(contextOf(own), rule.id, { deps });

    expect(results.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'analist@contoso.nl', status: 'sent' },
      { email: 'soc@contoso.com', status: 'sent' },
    ]);
    const rows = await db().delivery.findMany({ where: { tenantId: own.tenant.id, kind: 'test' }, include: { rules: true } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.eventId === null && r.status === 'sent' && r.includeOrganizationName && r.includeTenantPortalLink)).toBe(true);
    expect(rows.every((r) => r.requestedById === own.users.GLOBAL_ADMINISTRATOR.id)).toBe(true);
    expect(rows.map((r) => [r.recipientEmail, r.language]).sort()).toEqual([['analist@contoso.nl', 'nl'], ['soc@contoso.com', 'en']]);
    expect(rows.every((r) => r.rules[0]?.ruleId === rule.id && r.rules[0].ruleName === rule.name)).toBe(true);
    // One render per language, not per recipient; the props carry the rule and its options.
    expect(renderer.testCalls.map((p) => p.locale).sort()).toEqual(['en', 'nl']);
    expect(renderer.testCalls[0]).toMatchObject({ ruleName: 'High severity to SOC', organizationName: own.tenant.name });
    expect(new URL(renderer.testCalls[0].incident.url!).searchParams.get('tid')).toBe(own.tenant.microsoftTenantId);
    expect(standIn.accepted.map((e) => e.to[0]).sort()).toEqual(['analist@contoso.nl', 'soc@contoso.com']);
  });

  it('does not reach another tenant\'s rule, and creates nothing', async () => {
    const foreign = await createRule(other);
    await expect(sendTestEmail(contextOf(own), foreign.id, { deps })).rejects.toMatchObject({ key: 'notFound' });
    await expect(sendTestEmail(contextOf(own), 'not-a-uuid', { deps })).rejects.toBeInstanceOf(SafeError);
    expect(await db().delivery.count({ where: { tenantId: { in: [own.tenant.id, other.tenant.id] }, rules: { some: { ruleId: foreign.id } } } })).toBe(0);
    expect(standIn.requests).toHaveLength(0);
  });

  it('reports a refused email as failed with the provider\'s error', async () => {
    const rule = await createRule(own);
    standIn.fallback = () => ({ kind: 'status', status: 422 });
    const results = await sendTestEmail(contextOf(own), rule.id, { deps });
    expect(results.every((r) => r.status === 'failed' && /422 validation_error/.test(r.error ?? ''))).toBe(true);
  });

  it('stops waiting at the bound and reports what is still on its way as queued; it is sent later', async () => {
    const rule = await createRule(own);
    standIn.script.push({ kind: 'hang' });
    const started = Date.now();
    const results = await sendTestEmail(contextOf(own), rule.id, { deps, waitMs: 200 });
    expect(Date.now() - started).toBeLessThan(450);
    expect(results.map((r) => r.status)).toEqual(['queued', 'queued']);
    // The request in flight times out in the background and is re-queued (the round that sent it may already
    // have retried it, a few milliseconds later: so "queued" or "sent", never stuck "sending"); it is sent later.
    const ids = (await db().delivery.findMany({ where: { rules: { some: { ruleId: rule.id } } }, select: { id: true } })).map((r) => r.id);
    const givenUp = () => db().delivery.count({ where: { id: { in: ids }, status: { in: ['queued', 'sent'] }, attempts: { gte: 1 } } });
    await expect.poll(givenUp, { timeout: 3000 }).toBe(2);
    await drain((options) => dispatchDue(deps, options), ids);
    expect(await db().delivery.count({ where: { id: { in: ids }, status: 'sent' } })).toBe(2);
    expect(standIn.accepted).toHaveLength(2);
  });
});

describe('sendTestEmailToRecipients', () => {
  it('sends before the rule exists, under the draft name', async () => {
    const results = await sendTestEmailToRecipients(contextOf(own), {
      ruleName: 'Draft rule',
      recipients: [{ email: 'Lead@Contoso.com', language: 'nl' }],
      options: { includeOrganizationName: false, includeTenantPortalLink: false },
    }, { deps });
    expect(results).toEqual([{ email: 'lead@contoso.com', status: 'sent' }]);
    expect(renderer.testCalls).toMatchObject([{ ruleName: 'Draft rule', locale: 'nl', organizationName: null }]);
    const row = await db().delivery.findFirstOrThrow({ where: { tenantId: own.tenant.id, recipientEmail: 'lead@contoso.com' }, include: { rules: true } });
    expect(row).toMatchObject({ kind: 'test', status: 'sent', rules: [{ ruleName: 'Draft rule' }] });
  });

  it('refuses input the wizard would refuse', async () => {
    await expect(sendTestEmailToRecipients(contextOf(own), {
      ruleName: 'x', recipients: [{ email: 'not an address', language: 'en' }], options: { includeOrganizationName: false, includeTenantPortalLink: false },
    }, { deps })).rejects.toMatchObject({ key: 'invalidInput' });
  });
});

describe('limits', () => {
  const draft = (count: number) => ({
    ruleName: 'Relay?',
    recipients: recipients(count, 'anyone').map((r) => ({ email: r.email, language: 'en' as const })),
    options: { includeOrganizationName: false, includeTenantPortalLink: false },
  });
  const testRows = (world: World) => db().delivery.count({ where: { tenantId: world.tenant.id, kind: 'test' } });

  it('refuses a user past their hourly number of test emails, queueing nothing of the refused call', async () => {
    const world = await createTenant();
    const limits = { perUserPerHour: 5, perTenantPerHour: 100 };
    await sendTestEmailToRecipients(contextOf(world), draft(4), { deps, limits });
    await expect(sendTestEmailToRecipients(contextOf(world), draft(2), { deps, limits }))
      .rejects.toMatchObject({ key: 'testEmailLimitUser', params: { limit: '5', remaining: '1' } });
    expect(await testRows(world)).toBe(4);
    // What is left may still be used, and then nothing more.
    await sendTestEmailToRecipients(contextOf(world), draft(1), { deps, limits });
    await expect(sendTestEmailToRecipients(contextOf(world), draft(1), { deps, limits })).rejects.toMatchObject({ key: 'testEmailLimitUser' });
    expect(await testRows(world)).toBe(5);
    // Test emails older than an hour no longer count.
    await db().delivery.updateMany({ where: { tenantId: world.tenant.id, kind: 'test' }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
    await sendTestEmailToRecipients(contextOf(world), draft(5), { deps, limits });
  });

  it('refuses every user of a tenant past the tenant hourly number, other tenants unaffected', async () => {
    const world = await createTenant();
    const limits = { perUserPerHour: 100, perTenantPerHour: 3 };
    const admin = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
    const secAdmin = basicContext(world.tenant.id, world.users.SECURITY_ADMINISTRATOR);
    await sendTestEmailToRecipients(admin, draft(2), { deps, limits });
    await sendTestEmailToRecipients(secAdmin, draft(1), { deps, limits });
    await expect(sendTestEmailToRecipients(secAdmin, draft(1), { deps, limits }))
      .rejects.toMatchObject({ key: 'testEmailLimitTenant', params: { limit: '3', remaining: '0' } });
    await sendTestEmailToRecipients(contextOf(other), draft(3), { deps, limits });
  });

  it('counts parallel calls together: never more than the limit, whatever the timing', async () => {
    const world = await createTenant();
    const limits = { perUserPerHour: 6, perTenantPerHour: 100 };
    const calls = await Promise.allSettled(Array.from({ length: 5 }, () => sendTestEmailToRecipients(contextOf(world), draft(2), { deps, limits })));
    expect(calls.filter((c) => c.status === 'fulfilled')).toHaveLength(3);
    expect(await testRows(world)).toBe(6);
  });
});

describe('priority', () => {
  it('claims no test email while a real notification is due, and then sends it', async () => {
    const incidentIds = await queueDeliveries(own.tenant.id, await seedIncident(own.tenant.id), recipients(2));
    const results = await sendTestEmailToRecipients(contextOf(own), {
      ruleName: 'Waits its turn',
      recipients: [{ email: 'waiting@contoso.com', language: 'en' }],
      options: { includeOrganizationName: false, includeTenantPortalLink: false },
    }, { deps, waitMs: 300 });
    expect(results).toEqual([{ email: 'waiting@contoso.com', status: 'queued' }]);
    expect(standIn.requests).toHaveLength(0);

    // The dispatcher's own round: the incident deliveries first, then the test email.
    await drain((options) => dispatchDue(deps, options), incidentIds);
    const testId = (await db().delivery.findFirstOrThrow({ where: { recipientEmail: 'waiting@contoso.com' } })).id;
    await drain((options) => dispatchDue(deps, options), [testId]);
    expect(standIn.accepted.map((e) => e.deliveryId)).toEqual([...incidentIds.sort(), testId]);
  });

  it('the dispatcher claims due incident deliveries before due test emails, whichever came first', async () => {
    // A test email due a minute before the incident deliveries: by due time alone it would go first.
    const early = await db().delivery.create({
      data: {
        tenantId: own.tenant.id, kind: 'test', recipientEmail: 'early@contoso.com', language: 'en',
        includeOrganizationName: false, includeTenantPortalLink: false, nextAttemptAt: new Date(Date.now() - 60_000),
      },
    });
    const incidentIds = await queueDeliveries(own.tenant.id, await seedIncident(own.tenant.id), recipients(2));
    const first = await claimNextGroup({ leaseMs: 3000, batchSize: 100 });
    expect(first?.deliveries.map((d) => d.id)).toEqual([...incidentIds].sort());
    const second = await claimNextGroup({ leaseMs: 3000, batchSize: 100 });
    expect(second?.deliveries.map((d) => d.id)).toEqual([early.id]);
  });
});
