import { describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import { getIncidentDetail } from '@/lib/data/incident-detail';
import { listIncidents } from '@/lib/data/incidents';
import { setRuleEnabled } from '@/lib/data/rules';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// The incidents list and an incident's page, read back from what real ingests stored.

async function ingest(tenantId: string, payload: unknown, receivedAt = new Date()) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, receivedAt);
}

const on = (group: string) => ({ devices: [{ name: `${group.toLowerCase()}-1`, rbacGroupName: group }] });

// A user of the RBAC model who may view incidents of these groups only.
function scopedContext(world: Awaited<ReturnType<typeof createWorld>>, groups: string[]): TenantContext {
  const user = world.users.SECURITY_OPERATOR;
  const access = accessOf({
    role: 'SECURITY_OPERATOR',
    permissionsModel: 'RBAC',
    rbacRoles: [{ permissions: ['viewIncidents'], deviceGroupIds: groups.map((name) => world.groupByName(name).id) }],
  });
  return { tenantId: world.tenant.id, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId: world.tenant.id, role: 'SECURITY_OPERATOR', access } };
}

describe('listIncidents', () => {
  it('lists newest first with filters, pages on the server, and tells emailed from not emailed', async () => {
    const world = await createWorld();
    const { tenant, ctx } = world;
    await addRule(ctx, { name: 'High', severities: ['high'] });
    const t0 = Date.now();
    await ingest(tenant.id, nativeIncident('l-1', [nativeAlert('l-1a', { severity: 'high', ...on('Clients') })], { severity: 'high' }), new Date(t0));
    await ingest(tenant.id, nativeIncident('l-2', [nativeAlert('l-2a', { severity: 'low', ...on('Servers') })], { severity: 'low', status: 'resolved' }), new Date(t0 + 1000));

    const all = await listIncidents(ctx, {});
    expect(all.entries.map((entry) => [entry.externalId, entry.emailCount, entry.deviceGroups])).toEqual([
      ['l-2', 0, ['Servers']],
      ['l-1', 1, ['Clients']],
    ]);
    expect((await listIncidents(ctx, { emailed: 'yes' })).entries.map((entry) => entry.externalId)).toEqual(['l-1']);
    expect((await listIncidents(ctx, { emailed: 'no' })).entries.map((entry) => entry.externalId)).toEqual(['l-2']);
    expect((await listIncidents(ctx, { severity: 'high' })).entries.map((entry) => entry.externalId)).toEqual(['l-1']);
    expect((await listIncidents(ctx, { status: 'resolved' })).entries.map((entry) => entry.externalId)).toEqual(['l-2']);
    expect((await listIncidents(ctx, { deviceGroupId: world.groupByName('Clients').id })).entries.map((entry) => entry.externalId)).toEqual(['l-1']);
    const today = new Date(t0).toISOString().slice(0, 10);
    expect((await listIncidents(ctx, { from: today, to: today })).entries).toHaveLength(2);
    expect((await listIncidents(ctx, { to: '2000-01-01' })).entries).toHaveLength(0);
  });

  it('counts an email held for a digest or sent with a window\'s email as emailed, a silenced one as not', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx, { name: 'All' });
    for (const id of ['e-held', 'e-joined', 'e-silenced']) await ingest(tenant.id, nativeIncident(id, [nativeAlert(`${id}a`)]));
    const deliveryOf = async (externalId: string) =>
      db().delivery.findFirstOrThrow({ where: { tenantId: tenant.id, incident: { externalId } } });
    // The recipient is told about these in another email: the digest, or the window's email.
    const digest = await db().delivery.create({
      data: { tenantId: tenant.id, kind: 'digest', recipientEmail: 'soc@contoso.com', language: 'en', includeOrganizationName: false, includeTenantPortalLink: false },
    });
    await db().delivery.update({ where: { id: (await deliveryOf('e-held')).id }, data: { status: 'held', digestId: digest.id } });
    await db().delivery.update({ where: { id: (await deliveryOf('e-joined')).id }, data: { status: 'coalesced' } });
    await db().delivery.update({ where: { id: (await deliveryOf('e-silenced')).id }, data: { status: 'silenced' } });

    const counts = Object.fromEntries((await listIncidents(ctx, {})).entries.map((entry) => [entry.externalId, entry.emailCount]));
    expect(counts).toEqual({ 'e-held': 1, 'e-joined': 1, 'e-silenced': 0 });
    expect((await listIncidents(ctx, { emailed: 'yes' })).entries.map((entry) => entry.externalId).sort()).toEqual(['e-held', 'e-joined']);
    expect((await listIncidents(ctx, { emailed: 'no' })).entries.map((entry) => entry.externalId)).toEqual(['e-silenced']);
  });

  it('pages 50 at a time with a cursor', async () => {
    const { tenant, ctx } = await createWorld();
    // 50 in one request share their receivedAt: the id cursor must still not skip or repeat any.
    const batch = (from: number, count: number) => ({ incidents: Array.from({ length: count }, (_, i) => nativeIncident(`p-${from + i}`, [nativeAlert(`p-${from + i}a`)])) });
    await ingest(tenant.id, batch(0, 50));
    await ingest(tenant.id, batch(50, 1), new Date(Date.now() - 60_000));
    const first = await listIncidents(ctx, {});
    expect(first.entries).toHaveLength(50);
    const second = await listIncidents(ctx, { cursor: first.nextCursor! });
    expect(second.entries).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((entry) => entry.externalId)).size).toBe(51);
  });

  it('shows a scoped user only incidents of their groups, counting the others', async () => {
    const world = await createWorld();
    await ingest(world.tenant.id, nativeIncident('s-1', [nativeAlert('s-1a', on('Clients')), nativeAlert('s-1b', on('Servers'))]));
    await ingest(world.tenant.id, nativeIncident('s-2', [nativeAlert('s-2a', on('Servers'))]));
    await ingest(world.tenant.id, nativeIncident('s-3', [nativeAlert('s-3a')]));
    const scoped = scopedContext(world, ['Clients']);
    const list = await listIncidents(scoped, {});
    expect(list.entries).toMatchObject([{ externalId: 's-1', alertCount: 1, hiddenAlertCount: 1, deviceGroups: ['Clients'] }]);
    expect(list.hiddenCount).toBe(2);
    // Filtering by a group outside theirs answers nothing about it.
    expect(await listIncidents(scoped, { deviceGroupId: world.groupByName('Servers').id })).toEqual({ entries: [], nextCursor: null, hiddenCount: 0 });
  });
});

describe('getIncidentDetail', () => {
  it('explains each event per rule and recipient: emailed with its status, or why not', async () => {
    const world = await createWorld();
    const { tenant, ctx } = world;
    const every = await addRule(ctx, { name: 'Every alert', oneNotificationPerIncident: true, recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    const servers = await addRule(ctx, { name: 'Servers', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Servers').id] });
    const off = await addRule(ctx, { name: 'Off' });
    await setRuleEnabled(ctx, off.id, false);
    const alert = nativeAlert('e-1a', { severity: 'high', ...on('Clients') });
    await ingest(tenant.id, nativeIncident('e-1', [alert]));
    await ingest(tenant.id, nativeIncident('e-1', [{ ...alert, status: 'inProgress' }]), new Date(Date.now() + 60_000));
    const incident = await db().incident.findFirstOrThrow({ where: { tenantId: tenant.id, externalId: 'e-1' } });

    const detail = (await getIncidentDetail(ctx, incident.id))!;
    expect(detail.alerts).toMatchObject([{ externalId: 'e-1a', severity: 'high', devices: [{ name: 'clients-1', group: 'Clients' }] }]);
    expect(detail.events.map((event) => event.kind)).toEqual(['created', 'updated']);
    expect(detail.events[1].changes).toEqual([{ field: 'alert.status', alertId: 'e-1a', from: 'new', to: 'inProgress' }]);
    expect(detail.events[0].explanation).toEqual({
      recorded: true,
      hiddenRuleCount: 0,
      rules: [
        { ruleId: every.id, ruleName: 'Every alert', deleted: false, matched: true, recipients: [{ email: 'soc@contoso.com', emailed: true, status: 'queued', at: expect.any(String), provider: null }] },
        { ruleId: off.id, ruleName: 'Off', deleted: false, matched: false, reason: 'disabled', recipientCount: 1 },
        { ruleId: servers.id, ruleName: 'Servers', deleted: false, matched: false, reason: 'deviceGroup', recipientCount: 1 },
      ],
    });
    expect(detail.events[1].explanation).toMatchObject({
      recorded: true,
      rules: [{ ruleId: every.id, matched: true, recipients: [{ email: 'soc@contoso.com', emailed: false, reason: 'alreadyNotified' }] }, {}, {}],
    });
  });

  it('hides an incident outside the viewer’s groups, and rules and alerts outside them are counted, not named', async () => {
    const world = await createWorld();
    await addRule(world.ctx, { name: 'Servers rule', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Servers').id] });
    await addRule(world.ctx, { name: 'Clients rule', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Clients').id] });
    await ingest(world.tenant.id, nativeIncident('h-1', [nativeAlert('h-1a', on('Clients')), nativeAlert('h-1b', on('Servers'))]));
    await ingest(world.tenant.id, nativeIncident('h-2', [nativeAlert('h-2a', on('Servers'))]));
    const [both, serversOnly] = await Promise.all(
      ['h-1', 'h-2'].map((externalId) => db().incident.findFirstOrThrow({ where: { tenantId: world.tenant.id, externalId } })),
    );
    const scoped = scopedContext(world, ['Clients']);
    expect(await getIncidentDetail(scoped, serversOnly.id)).toBeNull();
    const detail = (await getIncidentDetail(scoped, both.id))!;
    expect(detail.alerts.map((alert) => alert.externalId)).toEqual(['h-1a']);
    expect(detail.hiddenAlertCount).toBe(1);
    expect(detail.events[0].explanation).toMatchObject({ recorded: true, hiddenRuleCount: 1, rules: [{ ruleName: 'Clients rule', matched: true }] });
  });

  it('explains an email a cap held for a digest, and one whose changes went out with an earlier email', async () => {
    const world = await createWorld();
    const { tenant, ctx } = world;
    const rule = await addRule(ctx, { name: 'SOC', recipients: [{ email: 'soc@contoso.com', language: 'en' }, { email: 'lead@contoso.com', language: 'en' }] });
    const alert = nativeAlert('c-1a', { severity: 'high', ...on('Clients') });
    await ingest(tenant.id, nativeIncident('c-1', [alert]));
    await ingest(tenant.id, nativeIncident('c-1', [{ ...alert, status: 'inProgress' }]), new Date(Date.now() + 60_000));
    const incident = await db().incident.findFirstOrThrow({ where: { tenantId: tenant.id, externalId: 'c-1' }, include: { events: { orderBy: { receivedAt: 'asc' } } } });
    const of = (eventId: string, email: string) => db().delivery.findFirstOrThrow({ where: { eventId, recipientEmail: email } });
    const [first, second] = incident.events.map((event) => event.id);
    const digestAt = new Date('2026-03-10T11:00:00Z');
    const digest = await db().delivery.create({
      data: { tenantId: tenant.id, kind: 'digest', recipientEmail: 'soc@contoso.com', language: 'en', includeOrganizationName: false, includeTenantPortalLink: false, nextAttemptAt: digestAt },
    });
    await db().delivery.update({
      where: { id: (await of(first, 'soc@contoso.com')).id },
      data: { status: 'held', digestId: digest.id, heldReason: { scope: 'rule', ruleId: rule.id, ruleName: 'SOC', severity: 'high', limit: 2, period: 'hour' } },
    });
    const joined = await of(first, 'lead@contoso.com');
    await db().delivery.update({ where: { id: (await of(second, 'lead@contoso.com')).id }, data: { status: 'coalesced', coalescedIntoId: joined.id } });

    const detail = (await getIncidentDetail(ctx, incident.id))!;
    expect(detail.events[0].explanation).toMatchObject({
      recorded: true,
      rules: [{ ruleId: rule.id, matched: true, recipients: [
        { email: 'lead@contoso.com', emailed: true },
        { email: 'soc@contoso.com', emailed: false, reason: 'held', held: { scope: 'rule', ruleName: 'SOC', severity: 'high', limit: 2, period: 'hour' }, digest: { state: 'due', at: digestAt.toISOString() } },
      ] }],
    });
    expect(detail.events[1].explanation).toMatchObject({
      recorded: true,
      rules: [{ ruleId: rule.id, matched: true, recipients: [
        // The email it joined is still queued: its changes wait with it.
        { email: 'lead@contoso.com', emailed: false, reason: 'coalesced', joinedAt: joined.createdAt.toISOString(), joinedStatus: 'waiting' },
        { email: 'soc@contoso.com', emailed: true },
      ] }],
    });
    // It failed: the incident page says the changes went nowhere, not that they were sent.
    await db().delivery.update({ where: { id: joined.id }, data: { status: 'failed' } });
    const failed = (await getIncidentDetail(ctx, incident.id))!;
    expect(failed.events[1].explanation).toMatchObject({
      rules: [{ recipients: [{ email: 'lead@contoso.com', reason: 'coalesced', joinedStatus: 'failed' }, { email: 'soc@contoso.com' }] }],
    });

    // The due time only while the digest is on its way; after that, what became of it.
    const digestOf = async () => {
      const explanation = (await getIncidentDetail(ctx, incident.id))!.events[0].explanation;
      if (!explanation.recorded || !explanation.rules[0].matched) throw new Error('not explained');
      const held = explanation.rules[0].recipients.find((recipient) => recipient.email === 'soc@contoso.com')!;
      return held.emailed ? null : held.digest;
    };
    await db().delivery.update({ where: { id: digest.id }, data: { status: 'sending' } });
    expect(await digestOf()).toEqual({ state: 'due', at: digestAt.toISOString() });
    await db().delivery.update({ where: { id: digest.id }, data: { status: 'failed' } });
    expect(await digestOf()).toEqual({ state: 'failed', at: null });
    await db().delivery.update({ where: { id: digest.id }, data: { status: 'filtered', filterReason: 'digestEmpty' } });
    expect(await digestOf()).toEqual({ state: 'notSent', at: null });
    const sentAt = new Date('2026-03-10T11:00:05Z');
    await db().delivery.update({ where: { id: digest.id }, data: { status: 'sent', sentAt, filterReason: null } });
    expect(await digestOf()).toEqual({ state: 'sent', at: sentAt.toISOString() });
  });
});
