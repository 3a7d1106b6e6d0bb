import type { Tx } from '@/lib/db/client';
import { accessOfRecipients } from '@/lib/auth/load-access';
import { scopeIncludesGroup, type GroupScope } from '@/lib/auth/scope';

// What a recipient may see was decided at ingest. A delivery can wait a while before it is first sent
// (rate limit, a provider outage), and a role or group lost in the meantime must already count: so just
// before a delivery is first put into a provider request, its recipient's access is read again and the
// email narrowed, or filtered away when nothing is left. (A retry re-sends the request exactly as first
// composed, which the provider may already have delivered: the idempotency key depends on it. A retry is
// still dropped, `narrow: false`, when its recipient may now see none of its alerts.)
// Returns the ids that are still to be sent.
export async function recheckRecipientAccess(
  tx: Tx,
  ids: readonly string[],
  options: { narrow: boolean } = { narrow: true },
): Promise<string[]> {
  const deliveries = await tx.delivery.findMany({
    where: { id: { in: [...ids] }, kind: 'incident' },
    select: { id: true, tenantId: true, incidentId: true, recipientEmail: true, alertExternalIds: true, deviceGroupIds: true, withheldAlertCount: true },
  });
  const filtered = new Set<string>();
  for (const tenantId of new Set(deliveries.map((delivery) => delivery.tenantId))) {
    const ofTenant = deliveries.filter((delivery) => delivery.tenantId === tenantId);
    const access = await accessOfRecipients(tx, tenantId, ofTenant.map((delivery) => delivery.recipientEmail));
    const scoped = ofTenant.flatMap((delivery) => {
      const scope = access.get(delivery.recipientEmail)?.scopes.viewIncidents;
      return scope && !scope.all ? [{ delivery, scope }] : [];
    });
    if (scoped.length === 0) continue;
    // One alert query for all of the tenant's scoped deliveries, not one per delivery: a digest's claim
    // re-checks every item it lists, and a query per item (times scoped recipients) outgrew the claim's transaction.
    const alerts = await tx.alert.findMany({
      where: { tenantId, externalId: { in: [...new Set(scoped.flatMap(({ delivery }) => delivery.alertExternalIds))] } },
      select: { incidentId: true, externalId: true, deviceGroupIds: true },
    });
    const byExternalId = new Map(alerts.map((alert) => [alert.externalId, alert]));
    for (const { delivery, scope } of scoped) {
      const own = delivery.alertExternalIds.flatMap((externalId) => {
        const alert = byExternalId.get(externalId);
        return alert && (delivery.incidentId === null || alert.incidentId === delivery.incidentId) ? [alert] : [];
      });
      if (!(await narrow(tx, delivery, own, scope, options.narrow))) filtered.add(delivery.id);
    }
  }
  return ids.filter((id) => !filtered.has(id));
}

type Pending = {
  id: string;
  tenantId: string;
  incidentId: string | null;
  alertExternalIds: string[];
  deviceGroupIds: string[];
  withheldAlertCount: number;
};

type AlertAccess = { externalId: string; deviceGroupIds: string[] };

// Returns false when nothing of the email is left for the recipient. With `allowNarrowing` false the
// email is left as it is unless nothing of it is left. Writes only when something changes.
async function narrow(tx: Tx, delivery: Pending, alerts: readonly AlertAccess[], scope: GroupScope, allowNarrowing: boolean): Promise<boolean> {
  const visible = alerts.filter((alert) => alert.deviceGroupIds.some((id) => scopeIncludesGroup(scope, id)));
  const groups = delivery.deviceGroupIds.filter((id) => scopeIncludesGroup(scope, id));
  const lost = delivery.alertExternalIds.length - visible.length;
  if (lost === 0 && groups.length === delivery.deviceGroupIds.length) return true;
  if (visible.length > 0 && !allowNarrowing) return true;
  const cannotView = !scope.all && scope.groupIds.size === 0;
  await tx.delivery.update({
    where: { id: delivery.id },
    data: {
      alertExternalIds: visible.map((alert) => alert.externalId),
      // Filtered away entirely, it keeps the groups it concerned: the delivery log shows it by them.
      deviceGroupIds: visible.length === 0 ? delivery.deviceGroupIds : groups,
      withheldAlertCount: delivery.withheldAlertCount + lost,
      filterReason: cannotView ? 'recipientCannotView' : 'recipientScope',
      scopeLimited: true,
      ...(visible.length === 0 ? { status: 'filtered' as const } : {}),
    },
  });
  return visible.length > 0;
}
