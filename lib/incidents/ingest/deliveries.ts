import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import { accessOfRecipients } from '@/lib/auth/load-access';
import { notificationKey, planDeliveries, type MatchAlert, type MatchRule, type RecipientScopes } from '@/lib/rules/match';

// Turns an incident event into queued deliveries (the outbox) with the rules that chose each one, inside
// the ingest transaction: an event and its emails exist together or not at all.

// The tenant's enabled rules, and what each recipient who is a portal user of the tenant may view, read
// inside the ingest transaction: a role or group lost a moment ago already counts.
export type MatchingInput = { rules: MatchRule[]; recipientScopes: RecipientScopes };

export async function loadMatchingInput(tx: Tx, tenantId: string): Promise<MatchingInput> {
  const rules = await loadMatchRules(tx, tenantId);
  const emails = rules.flatMap((rule) => rule.recipients.map((recipient) => recipient.email));
  const access = await accessOfRecipients(tx, tenantId, emails);
  const recipientScopes = new Map([...access].map(([email, userAccess]) => [email, userAccess.scopes.viewIncidents]));
  return { rules, recipientScopes };
}

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
  input: { tenantId: string; incidentId: string; eventId: string; receivedAt: Date; alerts: MatchAlert[]; matching: MatchingInput },
): Promise<number> {
  const { rules, recipientScopes } = input.matching;
  if (input.alerts.length === 0 || rules.length === 0) return 0;
  // Who already got an email about this incident from which rule: "one notification per incident" keeps
  // the rule quiet for them. An email filtered away (never sent) notified nobody.
  const notified = rules.some((rule) => rule.oneNotificationPerIncident)
    ? await tx.deliveryRule.findMany({
        where: { tenantId: input.tenantId, incidentId: input.incidentId, delivery: { status: { not: 'filtered' } } },
        select: { ruleId: true, delivery: { select: { recipientEmail: true } } },
      })
    : [];
  const planned = planDeliveries(
    { receivedAt: input.receivedAt, alerts: input.alerts },
    rules,
    new Set(notified.map((row) => notificationKey(row.ruleId, row.delivery.recipientEmail))),
    recipientScopes,
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
      alertExternalIds: delivery.alertExternalIds,
      deviceGroupIds: delivery.deviceGroupIds,
      withheldAlertCount: delivery.withheldAlertCount,
      filterReason: delivery.filterReason,
      scopeLimited: delivery.scopeLimited,
      status: delivery.status,
    })),
  });
  await tx.deliveryRule.createMany({
    data: deliveries.flatMap((delivery) =>
      delivery.rules.map((rule) => ({
        deliveryId: delivery.id,
        ruleId: rule.id,
        ruleName: rule.name,
        tenantId: input.tenantId,
        incidentId: input.incidentId,
      })),
    ),
  });
  // What will be sent; filtered deliveries are only recorded.
  return deliveries.filter((delivery) => delivery.status === 'queued').length;
}
