import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// Versions of an incident that arrive out of order (a retry, a slow poller): older alert data than what
// is stored must neither regress the alert nor email an "update".

async function ingest(tenantId: string, payload: unknown) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, new Date());
}

const alertRow = (tenantId: string, externalId: string) =>
  db().alert.findUniqueOrThrow({ where: { tenantId_externalId: { tenantId, externalId } } });
const counts = async (tenantId: string) => ({
  events: await db().incidentEvent.count({ where: { tenantId } }),
  deliveries: await db().delivery.count({ where: { tenantId } }),
});

const graphAlert = (lastUpdateDateTime: string, severity: string, status: string) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id: 'ooo-graph-a1',
  incidentId: 'ooo-graph-1',
  title: 'Suspicious PowerShell',
  severity,
  status,
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  lastUpdateDateTime,
});

describe('out-of-order incident versions', () => {
  it('ignores a native version N re-sent after N+1: no alert change, no event, no delivery', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    const version = (lastUpdateDateTime: string, severity: string, status: string) =>
      nativeIncident('ooo-1', [nativeAlert('ooo-a1', { severity, status })], { lastUpdateDateTime });
    const versionN = version('2026-03-01T10:00:00Z', 'low', 'new');
    const versionN1 = version('2026-03-01T11:00:00Z', 'high', 'inProgress');

    await ingest(tenant.id, versionN1);
    const before = await counts(tenant.id);
    expect(before).toEqual({ events: 1, deliveries: 1 });

    expect(await ingest(tenant.id, versionN)).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0, incidents: [{ event: null }] });
    expect(await alertRow(tenant.id, 'ooo-a1')).toMatchObject({
      severity: 'high',
      status: 'inProgress',
      lastUpdateDateTime: new Date('2026-03-01T11:00:00Z'),
    });
    expect(await counts(tenant.id)).toEqual(before);
  });

  it('ignores an older Graph alert by its own lastUpdateDateTime, and still applies a newer one', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    await ingest(tenant.id, graphAlert('2026-03-02T09:00:00Z', 'medium', 'inProgress'));
    const before = await counts(tenant.id);

    expect(await ingest(tenant.id, graphAlert('2026-03-02T08:00:00Z', 'low', 'new'))).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0 });
    expect(await alertRow(tenant.id, 'ooo-graph-a1')).toMatchObject({ severity: 'medium', status: 'inProgress' });
    expect(await counts(tenant.id)).toEqual(before);

    const newer = await ingest(tenant.id, graphAlert('2026-03-02T10:00:00Z', 'high', 'inProgress'));
    expect(newer).toMatchObject({ eventsCreated: 1, incidents: [{ event: 'updated' }] });
    expect(await alertRow(tenant.id, 'ooo-graph-a1')).toMatchObject({ severity: 'high', lastUpdateDateTime: new Date('2026-03-02T10:00:00Z') });
  });

  it('keeps the stored version when an alert comes without one, so a later stale copy is still ignored', async () => {
    const { tenant } = await createWorld();
    await ingest(tenant.id, graphAlert('2026-03-03T09:00:00Z', 'medium', 'new'));
    const unversioned = { ...graphAlert('', 'medium', 'resolved'), lastUpdateDateTime: null };
    await ingest(tenant.id, unversioned);
    expect(await alertRow(tenant.id, 'ooo-graph-a1')).toMatchObject({ status: 'resolved', lastUpdateDateTime: new Date('2026-03-03T09:00:00Z') });
    await ingest(tenant.id, graphAlert('2026-03-03T08:00:00Z', 'low', 'new'));
    expect(await alertRow(tenant.id, 'ooo-graph-a1')).toMatchObject({ severity: 'medium', status: 'resolved' });
  });
});
