import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { sampleJson } from '@/lib/incidents/fixtures/samples';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';

async function ingest(tenantId: string, payload: unknown, receivedAt = new Date()) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, receivedAt);
}

const alertRow = (tenantId: string, externalId: string) =>
  db().alert.findUniqueOrThrow({ where: { tenantId_externalId: { tenantId, externalId } } });

const deliveriesOf = (tenantId: string, incidentExternalId: string) =>
  db().delivery.findMany({
    where: { tenantId, incident: { externalId: incidentExternalId } },
    include: { rules: true, event: true },
    orderBy: [{ createdAt: 'asc' }, { recipientEmail: 'asc' }],
  });

describe('device groups', () => {
  it('matches by RBAC id where the known group has one, otherwise by name regardless of case', async () => {
    const { tenant, groupByName } = await createWorld();
    const unassigned = await db().deviceGroup.create({
      data: { tenantId: tenant.id, name: 'Devices without a group', nameKey: deviceGroupNameKey('Devices without a group'), rbacGroupId: '75' },
    });
    // Sample: "UnassignedGroup" with RBAC id 75 -> our group with id 75, whatever its name.
    await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_get-alert.json'));
    expect((await alertRow(tenant.id, 'da637578995287051192_756343937')).deviceGroupIds).toEqual([unassigned.id]);
    // Sample: "Clients" with RBAC id 125; our "Clients" has id 100, so the name decides.
    await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_list-incidents_expand-alerts.json'));
    const clients = await alertRow(tenant.id, 'da09e47ccc-b74a-45bb-985f-8d6c077b70b6_1');
    expect(clients.deviceGroupIds).toEqual([groupByName('Clients').id]);
    expect(clients.devices).toEqual([{ name: 'w11pro-test', deviceGroupId: groupByName('Clients').id }]);
    await ingest(tenant.id, nativeIncident('g-1', [nativeAlert('g-a1', { devices: [{ name: 'srv', rbacGroupName: 'SERVERS' }] })]));
    expect((await alertRow(tenant.id, 'g-a1')).deviceGroupIds).toEqual([groupByName('Servers').id]);
    expect(await db().deviceGroup.count({ where: { tenantId: tenant.id } })).toBe(4);
  });

  it('registers a group the tenant does not know, audited as the ingest, and only in that tenant', async () => {
    const own = await createWorld();
    const other = await createWorld();
    await ingest(other.tenant.id, sampleJson('defender-endpoint/mde-api_get-alert.json'));
    await ingest(own.tenant.id, sampleJson('defender-endpoint/mde-api_get-alert.json'));
    await ingest(own.tenant.id, sampleJson('microsoft-graph/v1.0_list-alerts_v2_example1.json'));

    const registered = await db().deviceGroup.findMany({ where: { tenantId: own.tenant.id, nameKey: { in: ['a', 'unassignedgroup'] } }, orderBy: { nameKey: 'asc' } });
    expect(registered.map((g) => [g.name, g.rbacGroupId])).toEqual([['A', null], ['UnassignedGroup', '75']]);
    expect((await alertRow(own.tenant.id, 'da637472900382838869_1364969609')).deviceGroupIds).toEqual([registered[0].id]);
    const audit = await db().auditEntry.findMany({ where: { tenantId: own.tenant.id, targetType: 'deviceGroup' }, orderBy: { targetName: 'asc' } });
    expect(audit).toMatchObject([
      { actorId: null, actorEmail: 'system:ingest', action: 'deviceGroup.created', targetId: registered[0].id, targetName: 'A' },
      { actorEmail: 'system:ingest', targetName: 'UnassignedGroup', after: { name: 'UnassignedGroup', rbacGroupId: '75' } },
    ]);
    // The other tenant registered its own "A"; ours did not reuse it.
    const otherA = await db().deviceGroup.findFirstOrThrow({ where: { tenantId: other.tenant.id, nameKey: 'a' } });
    expect(otherA.id).not.toBe(registered[0].id);
  });

  it('lets a rule scoped to a device group choose only alerts on that group’s devices', async () => {
    const { tenant, ctx, groupByName } = await createWorld();
    await addRule(ctx, { name: 'Clients only', deviceGroupScope: 'selected', deviceGroupIds: [groupByName('Clients').id] });
    expect(await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_list-incidents_expand-alerts.json'))).toMatchObject({ deliveriesQueued: 1 });
    expect(await ingest(tenant.id, sampleJson('defender-endpoint/mde-api_get-alert.json'))).toMatchObject({ deliveriesQueued: 0 });
    expect(await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_list-alerts_v2_example2_sentinel.json'))).toMatchObject({ deliveriesQueued: 0 });
  });
});

describe('deliveries', () => {
  it('queues one delivery per recipient with every choosing rule recorded, options OR-ed', async () => {
    const { tenant, ctx } = await createWorld();
    const edr = await addRule(ctx, {
      name: 'EDR',
      sourceScope: 'selected',
      sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', severities: ['medium', 'high'] }],
      includeTenantPortalLink: true,
      recipients: [{ email: 'soc@contoso.com', language: 'nl' }],
    });
    const all = await addRule(ctx, { name: 'All', includeOrganizationName: true, recipients: [{ email: 'soc@contoso.com', language: 'en' }, { email: 'ciso@contoso.com', language: 'en' }] });
    await addRule(ctx, { name: 'High only', severities: ['high'] });
    await addRule(ctx, { name: 'Disabled' }).then(({ id }) => db().notificationRule.update({ where: { id }, data: { enabled: false } }));

    const result = await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_list-incidents_expand-alerts.json'));
    expect(result.deliveriesQueued).toBe(2);
    const deliveries = await deliveriesOf(tenant.id, '29');
    expect(deliveries.map((d) => ({ to: d.recipientEmail, language: d.language, org: d.includeOrganizationName, link: d.includeTenantPortalLink, kind: d.kind, status: d.status })))
      .toEqual([
        { to: 'ciso@contoso.com', language: 'en', org: true, link: false, kind: 'incident', status: 'queued' },
        // Chosen by both rules: the options of either; the language of the longest-standing entry (EDR's).
        { to: 'soc@contoso.com', language: 'nl', org: true, link: true, kind: 'incident', status: 'queued' },
      ]);
    const socRules = deliveries[1].rules.map((r) => ({ ruleId: r.ruleId, ruleName: r.ruleName, incidentId: r.incidentId, tenantId: r.tenantId }));
    expect(socRules.sort((a, b) => a.ruleName.localeCompare(b.ruleName))).toEqual([
      { ruleId: all.id, ruleName: 'All', incidentId: deliveries[1].incidentId, tenantId: tenant.id },
      { ruleId: edr.id, ruleName: 'EDR', incidentId: deliveries[1].incidentId, tenantId: tenant.id },
    ]);
    expect(deliveries.every((d) => d.event?.kind === 'created')).toBe(true);
  });

  it('keeps a one-notification-per-incident rule quiet after its first email about an incident', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx, { name: 'Once', oneNotificationPerIncident: true, recipients: [{ email: 'once@contoso.com', language: 'en' }] });
    await addRule(ctx, { name: 'Always', recipients: [{ email: 'always@contoso.com', language: 'en' }] });
    await ingest(tenant.id, nativeIncident('o-1', [nativeAlert('o-a1')]));
    await ingest(tenant.id, nativeIncident('o-1', [nativeAlert('o-a2')]));
    await ingest(tenant.id, nativeIncident('o-2', [nativeAlert('o-a3')]));
    const first = await deliveriesOf(tenant.id, 'o-1');
    expect(first.map((d) => [d.event?.kind, d.recipientEmail])).toEqual([
      ['created', 'always@contoso.com'],
      ['created', 'once@contoso.com'],
      ['updated', 'always@contoso.com'],
    ]);
    // Another incident is another first time.
    expect((await deliveriesOf(tenant.id, 'o-2')).map((d) => d.recipientEmail)).toEqual(['always@contoso.com', 'once@contoso.com']);
  });

  it('tells a recipient added later only about events received after they were added', async () => {
    const { tenant, ctx } = await createWorld();
    const rule = await addRule(ctx, { recipients: [{ email: 'early@contoso.com', language: 'en' }] });
    const t0 = new Date();
    await ingest(tenant.id, nativeIncident('l-1', [nativeAlert('l-a1')]), t0);
    await db().ruleRecipient.create({
      data: { ruleId: rule.id, tenantId: tenant.id, email: 'late@contoso.com', language: 'nl', addedAt: new Date(t0.getTime() + 60_000) },
    });
    // Re-sending what was already received backfills nobody.
    expect(await ingest(tenant.id, nativeIncident('l-1', [nativeAlert('l-a1')]), new Date(t0.getTime() + 120_000))).toMatchObject({ deliveriesQueued: 0 });
    // An event received before the recipient's addition (a late, slow request) does not reach them either.
    await ingest(tenant.id, nativeIncident('l-1', [nativeAlert('l-a2')]), new Date(t0.getTime() + 30_000));
    await ingest(tenant.id, nativeIncident('l-1', [nativeAlert('l-a3')]), new Date(t0.getTime() + 180_000));
    const deliveries = await deliveriesOf(tenant.id, 'l-1');
    expect(deliveries.map((d) => [d.event?.alertExternalIds[0], d.recipientEmail, d.language])).toEqual([
      ['l-a1', 'early@contoso.com', 'en'],
      ['l-a2', 'early@contoso.com', 'en'],
      ['l-a3', 'early@contoso.com', 'en'],
      ['l-a3', 'late@contoso.com', 'nl'],
    ]);
  });

  it('never uses another tenant’s rules, incidents or groups', async () => {
    const own = await createWorld();
    const other = await createWorld();
    await addRule(other.ctx, { recipients: [{ email: 'other@fabrikam.com', language: 'en' }] });
    await ingest(other.tenant.id, nativeIncident('shared-id', [nativeAlert('other-alert')]));
    const result = await ingest(own.tenant.id, nativeIncident('shared-id', [nativeAlert('own-alert')]));
    expect(result).toMatchObject({ deliveriesQueued: 0, incidents: [{ event: 'created' }] });
    expect(await db().incident.count({ where: { externalId: 'shared-id' } })).toBe(2);
    expect(await db().delivery.count({ where: { tenantId: own.tenant.id } })).toBe(0);
  });
});
