import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { setRuleEnabled } from '@/lib/data/rules';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { parseDecisions, verdictFor } from '@/lib/rules/decisions';

// The matcher's decision record is stored with each event, on both ingest paths (the one-statement path
// for new incidents and the locked one for updates), and says the same as the deliveries written with it.

async function ingest(tenantId: string, payload: unknown, receivedAt = new Date()) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, receivedAt);
}

const eventsOf = (tenantId: string, externalId: string) =>
  db().incidentEvent.findMany({ where: { tenantId, incident: { externalId } }, orderBy: { receivedAt: 'asc' } });

describe('decision records', () => {
  it('records why each rule did or did not email, on a new incident and on its update', async () => {
    const { tenant, ctx, groupByName } = await createWorld();
    const every = await addRule(ctx, { name: 'Every alert', oneNotificationPerIncident: true });
    const high = await addRule(ctx, { name: 'High only', severities: ['high'] });
    const servers = await addRule(ctx, { name: 'Servers', deviceGroupScope: 'selected', deviceGroupIds: [groupByName('Servers').id] });
    const sentinel = await addRule(ctx, { name: 'Sentinel', sourceScope: 'selected', sources: [{ serviceSource: 'microsoftSentinel', detectionSource: null, severities: ['low'] }] });
    const off = await addRule(ctx, { name: 'Off' });
    await setRuleEnabled(ctx, off.id, false);

    const clientsAlert = nativeAlert('d-a1', { devices: [{ name: 'pc-1', rbacGroupName: 'Clients' }] });
    await ingest(tenant.id, nativeIncident('d-1', [clientsAlert]), new Date());
    const [created] = await eventsOf(tenant.id, 'd-1');
    expect(created.decisions).toEqual({
      disabled: [off.id],
      missed: { source: [sentinel.id], deviceGroup: [servers.id] },
      matched: { [every.id]: {} },
    });
    const record = parseDecisions(created.decisions)!;
    expect(verdictFor(record, high.id, true)).toEqual({ kind: 'missed', reason: 'severity' });
    // What the record calls matched is what the deliveries say.
    const links = await db().deliveryRule.findMany({ where: { tenantId: tenant.id, delivery: { eventId: created.id } } });
    expect(links.map((link) => link.ruleId)).toEqual([every.id]);

    // An update of the same alert: the locked path. "Every alert" notified soc@ once already.
    await ingest(tenant.id, nativeIncident('d-1', [{ ...clientsAlert, status: 'inProgress' }]), new Date(Date.now() + 60_000));
    const [, updated] = await eventsOf(tenant.id, 'd-1');
    expect(updated.decisions).toEqual({
      disabled: [off.id],
      missed: { source: [sentinel.id], deviceGroup: [servers.id] },
      matched: { [every.id]: { 'soc@contoso.com': 'alreadyNotified' } },
    });
    expect(await db().delivery.count({ where: { eventId: updated.id } })).toBe(0);
  });

  it('records nothing for an event without alerts, which no rule can match', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx);
    await ingest(tenant.id, nativeIncident('d-2', []));
    const [event] = await eventsOf(tenant.id, 'd-2');
    expect(event.decisions).toBeNull();
  });
});
