import { failingRawStatement } from '@/lib/test/failing-client';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { db, type Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { SAMPLE_FILES, sampleJson } from '@/lib/incidents/fixtures/samples';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

async function ingest(tenantId: string, payload: unknown, receivedAt = new Date(), client?: Db) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, receivedAt, { client });
}

const stored = (tenantId: string, externalId: string) =>
  db().incident.findUniqueOrThrow({
    where: { tenantId_externalId: { tenantId, externalId } },
    include: { alerts: { orderBy: { externalId: 'asc' } }, events: { orderBy: { receivedAt: 'asc' } }, deliveries: true },
  });

describe('ingest of every published sample', () => {
  for (const file of SAMPLE_FILES) {
    it(`stores ${file}, plans its deliveries, and ignores it when sent again`, async () => {
      const { tenant, ctx } = await createWorld();
      await addRule(ctx);
      const normalized = normalizePayload(sampleJson(file));
      if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
      const [expected] = normalized.incidents;

      const first = await ingest(tenant.id, sampleJson(file));
      const incident = await stored(tenant.id, expected.externalId);
      expect(first).toEqual({
        incidentsAccepted: 1,
        eventsCreated: 1,
        deliveriesQueued: expected.alerts.length > 0 ? 1 : 0,
        incidents: [{ externalId: expected.externalId, id: incident.id, event: 'created' }],
      });
      expect(incident).toMatchObject({ severity: expected.severity, status: expected.status, sourceTenantId: expected.sourceTenantId });
      expect(incident.categories).toEqual([...new Set(expected.alerts.flatMap((a) => (a.category ? [a.category] : [])))].sort());
      expect(incident.alerts.map((a) => a.externalId)).toEqual(expected.alerts.map((a) => a.externalId).sort());
      expect(incident.events).toMatchObject([{ kind: 'created', alertExternalIds: expected.alerts.map((a) => a.externalId) }]);
      expect(incident.deliveries).toHaveLength(expected.alerts.length > 0 ? 1 : 0);

      const again = await ingest(tenant.id, sampleJson(file));
      expect(again).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0, incidents: [{ event: null }] });
      const after = await stored(tenant.id, expected.externalId);
      expect(after.events).toHaveLength(1);
      expect(after.deliveries).toHaveLength(incident.deliveries.length);
      // Nothing at all was rewritten.
      expect(after.updatedAt).toEqual(incident.updatedAt);
    });
  }

  it('moves an alert Microsoft lists under two incidents, keeping both incidents’ categories true', async () => {
    const { tenant } = await createWorld();
    await ingest(tenant.id, sampleJson('microsoft-graph/beta-2021_list-incidents_expand-alerts.json'));
    expect((await stored(tenant.id, '2972395')).categories).toEqual(['Discovery']);
    // As published, the v1.0 sample is an older version of that alert than the beta one: it changes nothing.
    const moved = sampleJson('microsoft-graph/v1.0_get-alert.json') as Record<string, unknown>;
    await ingest(tenant.id, moved);
    expect((await stored(tenant.id, '2972395')).alerts.map((a) => a.externalId)).toEqual(['da637578995287051192_756343937']);
    // A newer version moves it.
    await ingest(tenant.id, { ...moved, lastUpdateDateTime: '2021-06-01T00:00:00Z' });
    const [from, to] = [await stored(tenant.id, '2972395'), await stored(tenant.id, '28282')];
    expect(from.alerts).toEqual([]);
    expect(from.categories).toEqual([]);
    expect(to.alerts.map((a) => a.externalId)).toEqual(['da637578995287051192_756343937']);
    expect(to.categories).toEqual(['DefenseEvasion']);
  });
});

describe('update detection', () => {
  it('records new alerts and severity/status changes as updates, other changes silently', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    await ingest(tenant.id, nativeIncident('u-1', [nativeAlert('a-1', { category: 'Execution' })]));

    // A new assignee is stored, but is no reason for an email.
    expect(await ingest(tenant.id, nativeIncident('u-1', [nativeAlert('a-1', { category: 'Execution' })], { assignedTo: 'kai@contoso.com' })))
      .toMatchObject({ eventsCreated: 0, deliveriesQueued: 0 });
    expect((await stored(tenant.id, 'u-1')).assignedTo).toBe('kai@contoso.com');

    // Only the new alert is sent: the incident's categories still come from all its alerts.
    const added = await ingest(tenant.id, nativeIncident('u-1', [nativeAlert('a-2', { severity: 'high', category: 'Persistence' })]));
    expect(added).toMatchObject({ eventsCreated: 1, deliveriesQueued: 1, incidents: [{ event: 'updated' }] });
    let incident = await stored(tenant.id, 'u-1');
    expect(incident.categories).toEqual(['Execution', 'Persistence']);
    expect(incident.events[1]).toMatchObject({
      kind: 'updated',
      alertExternalIds: ['a-2'],
      changes: [{ field: 'alert', alertId: 'a-2', from: null, to: 'added' }],
    });

    await ingest(tenant.id, nativeIncident('u-1', [nativeAlert('a-1', { severity: 'medium', category: 'Execution' })], { status: 'inProgress' }));
    incident = await stored(tenant.id, 'u-1');
    expect(incident.status).toBe('inProgress');
    expect(incident.events[2]).toMatchObject({
      kind: 'updated',
      alertExternalIds: ['a-1'],
      changes: [
        { field: 'status', from: 'active', to: 'inProgress' },
        { field: 'alert.severity', alertId: 'a-1', from: 'low', to: 'medium' },
      ],
    });
    expect(incident.deliveries).toHaveLength(3);
  });

  it('ignores the incident fields of an older version and of incidents inferred from alerts', async () => {
    const { tenant } = await createWorld();
    await ingest(tenant.id, nativeIncident('o-1', [], { severity: 'high', lastUpdateDateTime: '2026-02-01T00:00:00Z' }));
    expect(await ingest(tenant.id, nativeIncident('o-1', [], { severity: 'low', lastUpdateDateTime: '2026-01-01T00:00:00Z' })))
      .toMatchObject({ eventsCreated: 0 });
    await ingest(tenant.id, { value: [{ id: 'x-1', incidentId: 'o-1', title: 'New', severity: 'informational', status: 'new' }] });
    const incident = await stored(tenant.id, 'o-1');
    expect(incident).toMatchObject({ severity: 'high', displayName: 'Incident o-1' });
    expect(incident.alerts.map((a) => a.externalId)).toEqual(['x-1']);
  });

  it('creates an incident sent without alerts, and updates it when the alerts arrive', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    expect(await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_get-incident.json'))).toMatchObject({ eventsCreated: 1, deliveriesQueued: 0 });
    expect(await ingest(tenant.id, sampleJson('microsoft-graph/v1.0_list-incidents_expand-alerts.json')))
      .toMatchObject({ eventsCreated: 1, deliveriesQueued: 1, incidents: [{ event: 'updated' }] });
    const incident = await stored(tenant.id, '29');
    expect(incident.events.map((e) => [e.kind, e.alertExternalIds])).toEqual([
      ['created', []],
      ['updated', ['da09e47ccc-b74a-45bb-985f-8d6c077b70b6_1']],
    ]);
  });
});

describe('transactions and concurrency', () => {
  it('applies concurrent POSTs of one incident one after the other: one event and one email per change', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    const payload = nativeIncident('c-1', [nativeAlert('c-a1', { devices: [{ name: 'pc', rbacGroupName: 'Brand new group' }] })]);
    const results = await Promise.all([ingest(tenant.id, payload), ingest(tenant.id, payload), ingest(tenant.id, payload)]);
    expect(results.map((r) => r.incidents[0].event).sort()).toEqual(['created', null, null]);
    const incident = await stored(tenant.id, 'c-1');
    expect(incident.events).toHaveLength(1);
    expect(incident.deliveries).toHaveLength(1);
    expect(await db().deviceGroup.count({ where: { tenantId: tenant.id, nameKey: 'brand new group' } })).toBe(1);

    // The same change sent three times at once: no unique key to collide on, only the lock serialises them.
    const changed = nativeIncident('c-1', [nativeAlert('c-a1', { severity: 'high', devices: [{ name: 'pc', rbacGroupName: 'Brand new group' }] })]);
    const updates = await Promise.all([ingest(tenant.id, changed), ingest(tenant.id, changed), ingest(tenant.id, changed)]);
    expect(updates.map((r) => r.incidents[0].event).sort()).toEqual([null, null, 'updated']);
    expect((await stored(tenant.id, 'c-1')).events).toHaveLength(2);
  });

  it('a new incident posted several times at once is created once: the lock-free path loses the race on its unique key', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    // No device groups to register: every request first tries the one-statement path (new-incidents.ts).
    const payload = nativeIncident('race-1', [nativeAlert('race-a1'), nativeAlert('race-a2')]);
    const results = await Promise.all(Array.from({ length: 4 }, () => ingest(tenant.id, payload)));
    expect(results.map((r) => r.incidents[0].event).sort()).toEqual(['created', null, null, null]);
    const incident = await stored(tenant.id, 'race-1');
    expect(incident.events).toHaveLength(1);
    expect(incident.deliveries).toHaveLength(1);
    expect(await db().alert.count({ where: { tenantId: tenant.id, incidentId: incident.id } })).toBe(2);
  });

  it('stores nothing at all when the transaction fails part-way', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    // The last write of the transaction, after the device group, incident, alerts and event.
    const failing = failingRawStatement(
      /INSERT INTO "DeliveryRule"/,
      () => new Prisma.PrismaClientKnownRequestError('Server has closed the connection.', { code: 'P1017', clientVersion: 'test' }),
    );
    const payload = nativeIncident('f-1', [nativeAlert('f-a1', { devices: [{ name: 'pc', rbacGroupName: 'Group from failed ingest' }] })]);
    await expect(ingest(tenant.id, payload, new Date(), failing)).rejects.toMatchObject({ code: 'P1017' });
    expect(await db().incident.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().alert.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().delivery.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().deviceGroup.count({ where: { tenantId: tenant.id, nameKey: 'group from failed ingest' } })).toBe(0);
    expect(await db().auditEntry.count({ where: { tenantId: tenant.id, actorEmail: 'system:ingest' } })).toBe(0);
  });

  it('notifies deliveries_due after a commit that queued deliveries, and only then', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const received: { channel: string; payload?: string }[] = [];
    listener.on('notification', (n) => received.push({ channel: n.channel, payload: n.payload }));
    await listener.query('LISTEN deliveries_due');
    try {
      await ingest(tenant.id, nativeIncident('n-1')); // no alerts: nothing queued
      await ingest(tenant.id, nativeIncident('n-2', [nativeAlert('n-a1')]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([{ channel: 'deliveries_due', payload: tenant.id }]);
    } finally {
      await listener.end();
    }
  });
});
