import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { normalizePayload } from '@/lib/incidents/normalize/payload';

// A silenced email reached nobody: a rule that sends one notification per incident still owes its
// recipient that notification when the incident changes after the silence (lib/notifications/queue.ts).

async function ingest(tenantId: string, payload: unknown) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, new Date());
}

const onceDeliveries = (tenantId: string) =>
  db().delivery.findMany({ where: { tenantId, recipientEmail: 'once@contoso.com' }, orderBy: { createdAt: 'asc' }, include: { event: true } });

describe('one notification per incident', () => {
  it('a silenced first email does not count as the notification; a sent one does', async () => {
    const { tenant, ctx } = await createWorld();
    await addRule(ctx, { name: 'Once', oneNotificationPerIncident: true, recipients: [{ email: 'once@contoso.com', language: 'en' }] });
    await ingest(tenant.id, nativeIncident('s-1', [nativeAlert('s-a1')]));
    const [first] = await onceDeliveries(tenant.id);
    await db().delivery.update({ where: { id: first.id }, data: { status: 'silenced' } });

    await ingest(tenant.id, nativeIncident('s-1', [nativeAlert('s-a2')]));
    const afterSilence = await onceDeliveries(tenant.id);
    expect(afterSilence.map((d) => [d.event?.kind, d.status])).toEqual([['created', 'silenced'], ['updated', 'queued']]);

    await db().delivery.update({ where: { id: afterSilence[1].id }, data: { status: 'sent' } });
    await ingest(tenant.id, nativeIncident('s-1', [nativeAlert('s-a3')]));
    expect(await onceDeliveries(tenant.id)).toHaveLength(2);
  });
});
