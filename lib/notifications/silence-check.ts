import type { Tx } from '@/lib/db/client';
import { activeAt, isInEffect, silenceFor } from '@/lib/rules/silences';
import { errorFields, log } from '@/lib/observability/logger';

// Silences are decided when the dispatcher first claims a delivery, next to the RBAC re-check: what holds
// is the silence in effect at the moment the email would leave, not at ingest (a window may open while
// an email waits for its rate slot). Only fresh claims come here: a retry or a re-claim may already be
// with the provider, and holding it back then would only hide that it was sent.
//
// A held-back delivery is recorded `silenced` with the silence that held it, for the delivery log and the
// silence's own "what did it hold back" list: nothing disappears without a trace.
//
// Cost when no silence is active: one indexed query per claim, for all the claim's tenants at once.
// Returns the ids that are still to be sent, and how many were silenced.
export async function holdSilencedDeliveries(tx: Tx, ids: readonly string[], at: Date): Promise<{ ids: string[]; silenced: number }> {
  if (ids.length === 0) return { ids: [...ids], silenced: 0 };
  const deliveries = await tx.delivery.findMany({
    where: { id: { in: [...ids] }, kind: 'incident' },
    select: { id: true, tenantId: true, incidentId: true, alertExternalIds: true },
  });
  const tenantIds = [...new Set(deliveries.map((delivery) => delivery.tenantId))];
  if (tenantIds.length === 0) return { ids: [...ids], silenced: 0 };
  const silences = await tx.silence.findMany({
    where: { tenantId: { in: tenantIds }, ...activeAt(at) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { tenant: { select: { timeZone: true } } },
  });
  const inEffect = silences.filter((silence) => inEffectSafely(silence, at));
  if (inEffect.length === 0) return { ids: [...ids], silenced: 0 };

  const silencedTenants = new Set(inEffect.map((silence) => silence.tenantId));
  const candidates = deliveries.filter((delivery) => silencedTenants.has(delivery.tenantId) && delivery.incidentId);
  // One after another: a transaction is one connection.
  const incidentIds = [...new Set(candidates.map((delivery) => delivery.incidentId!))];
  const alerts = await tx.alert.findMany({
    where: { tenantId: { in: [...silencedTenants] }, incidentId: { in: incidentIds } },
    select: { incidentId: true, externalId: true, deviceGroupIds: true, detectionSource: true, severity: true },
  });
  const incidents = await tx.incident.findMany({ where: { id: { in: incidentIds } }, select: { id: true, displayName: true } });
  const rules = await tx.deliveryRule.findMany({
    where: { deliveryId: { in: candidates.map((delivery) => delivery.id) } },
    select: { deliveryId: true, ruleId: true },
  });
  const alertsByKey = new Map(alerts.map((alert) => [`${alert.incidentId}/${alert.externalId}`, alert]));
  const titles = new Map(incidents.map((incident) => [incident.id, incident.displayName]));

  const held = new Map<string, string[]>(); // silence id -> delivery ids
  for (const delivery of candidates) {
    const shown = delivery.alertExternalIds.map((externalId) => alertsByKey.get(`${delivery.incidentId}/${externalId}`));
    // An alert we cannot find cannot be judged: the email goes.
    if (shown.some((alert) => !alert)) continue;
    const ofTenant = inEffect.filter((silence) => silence.tenantId === delivery.tenantId);
    const email = {
      incidentTitle: titles.get(delivery.incidentId!) ?? '',
      alerts: shown.map((alert) => alert!),
      ruleIds: rules.filter((rule) => rule.deliveryId === delivery.id).map((rule) => rule.ruleId),
    };
    // Only silences whose zone was read without error above are here: silenceFor reads the same zone.
    const silence = silenceFor(ofTenant, email, at, ofTenant[0].tenant.timeZone);
    if (silence) held.set(silence.id, [...(held.get(silence.id) ?? []), delivery.id]);
  }
  for (const [silenceId, deliveryIds] of held) {
    await tx.delivery.updateMany({
      where: { id: { in: deliveryIds }, status: 'queued', batchKey: null },
      data: { status: 'silenced', silenceId },
    });
  }
  const silencedIds = new Set([...held.values()].flat());
  return { ids: ids.filter((id) => !silencedIds.has(id)), silenced: silencedIds.size };
}

// A time zone the runtime no longer knows (a later ICU may drop one stored earlier) must not fail every
// claim of every tenant: that tenant's silences then hold nothing, the email goes, and the log says why.
type WithZone = Parameters<typeof isInEffect>[0] & { id: string; tenantId: string; tenant: { timeZone: string } };

function inEffectSafely(silence: WithZone, at: Date): boolean {
  try {
    return isInEffect(silence, at, silence.tenant.timeZone);
  } catch (error) {
    log().warn({ tenantId: silence.tenantId, silenceId: silence.id, timeZone: silence.tenant.timeZone, ...errorFields(error) }, 'silence not applied: its time zone cannot be read');
    return false;
  }
}
