import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import { planDeliveries, type MatchAlert, type MatchRule } from '@/lib/rules/match';

// Turns an incident event into queued deliveries (the outbox) with the rules that chose each one, inside
// the ingest transaction: an event and its emails exist together or not at all.

export async function loadMatchRules(tx: Tx, tenantId: string): Promise<MatchRule[]> {
  const rows = await tx.notificationRule.findMany({
    where: { tenantId, enabled: true },
    select: {
      id: true,
      name: true,
      enabled: true,
      severities: true,
      allDeviceGroups: true,
      allSources: true,
      oneNotificationPerIncident: true,
      includeOrganizationName: true,
      includeTenantPortalLink: true,
      deviceGroups: { select: { deviceGroupId: true } },
      sourceFilters: { select: { serviceSource: true, detectionSource: true, severities: true } },
      recipients: { select: { email: true, language: true, addedAt: true } },
    },
  });
  return rows.map(({ deviceGroups, sourceFilters, ...rule }) => ({
    ...rule,
    deviceGroupIds: deviceGroups.map((link) => link.deviceGroupId),
    sources: sourceFilters,
  }));
}

export async function queueDeliveries(
  tx: Tx,
  input: { tenantId: string; incidentId: string; eventId: string; receivedAt: Date; alerts: MatchAlert[]; rules: MatchRule[] },
): Promise<number> {
  if (input.alerts.length === 0 || input.rules.length === 0) return 0;
  // Rules that already chose an email about this incident: "one notification per incident" keeps them quiet.
  const notified = input.rules.some((rule) => rule.oneNotificationPerIncident)
    ? await tx.deliveryRule.findMany({
        where: { tenantId: input.tenantId, incidentId: input.incidentId },
        select: { ruleId: true },
        distinct: ['ruleId'],
      })
    : [];
  const planned = planDeliveries(
    { receivedAt: input.receivedAt, alerts: input.alerts },
    input.rules,
    new Set(notified.map((row) => row.ruleId)),
  );
  if (planned.length === 0) return 0;

  const deliveries = planned.map((delivery) => ({ id: randomUUID(), ...delivery }));
  await tx.delivery.createMany({
    data: deliveries.map((delivery) => ({
      id: delivery.id,
      tenantId: input.tenantId,
      kind: 'incident' as const,
      eventId: input.eventId,
      incidentId: input.incidentId,
      recipientEmail: delivery.email,
      language: delivery.language,
      includeOrganizationName: delivery.includeOrganizationName,
      includeTenantPortalLink: delivery.includeTenantPortalLink,
      status: 'queued' as const,
    })),
  });
  await tx.deliveryRule.createMany({
    data: deliveries.flatMap((delivery) =>
      // A rule reaches an address once, even if it lists it twice in different letter case.
      uniqueById(delivery.rules).map((rule) => ({
        deliveryId: delivery.id,
        ruleId: rule.id,
        ruleName: rule.name,
        tenantId: input.tenantId,
        incidentId: input.incidentId,
      })),
    ),
  });
  return deliveries.length;
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
