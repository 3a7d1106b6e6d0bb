import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { Language } from '@/lib/rules/catalog';
import { notificationKey, planDeliveries, type MatchAlert, type MatchRule, type RecipientScopes } from '@/lib/rules/match';

// The outbox's front door: every delivery row is written here, inside the caller's transaction (an
// incident event and its emails exist together or not at all; a test email and its quota likewise), and
// the dispatchers are woken by the NOTIFY that PostgreSQL delivers only once that transaction commits.

// The dispatchers LISTEN on this channel (listen.ts).
export const DELIVERIES_DUE_CHANNEL = 'deliveries_due';

// What ingest matches an event against: the tenant's enabled rules, and what each recipient who is a
// portal user of the tenant may view.
export type MatchingInput = { rules: readonly MatchRule[]; recipientScopes: RecipientScopes };

export type IncidentEventToQueue = {
  tenantId: string;
  incidentId: string;
  eventId: string;
  receivedAt: Date;
  alerts: MatchAlert[];
  // False for an incident created by this very event: nobody can have been notified about it yet.
  mayHaveBeenNotified: boolean;
  matching: MatchingInput;
};

// Plans the deliveries of one incident event and queues them; returns how many will be sent (filtered
// ones are only recorded, for the delivery log).
export async function queueIncidentDeliveries(tx: Tx, input: IncidentEventToQueue): Promise<number> {
  const { rules, recipientScopes } = input.matching;
  if (input.alerts.length === 0 || rules.length === 0) return 0;
  const planned = planDeliveries(
    { receivedAt: input.receivedAt, alerts: input.alerts },
    rules,
    await alreadyNotified(tx, input),
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
  return deliveries.filter((delivery) => delivery.status === 'queued').length;
}

// Who already got an email about this incident from which rule: "one notification per incident" keeps
// the rule quiet for them. An email filtered away (never sent) notified nobody.
async function alreadyNotified(tx: Tx, input: IncidentEventToQueue): Promise<Set<string>> {
  if (!input.mayHaveBeenNotified || !input.matching.rules.some((rule) => rule.oneNotificationPerIncident)) return new Set();
  const rows = await tx.deliveryRule.findMany({
    where: { tenantId: input.tenantId, incidentId: input.incidentId, delivery: { status: { not: 'filtered' } } },
    select: { ruleId: true, delivery: { select: { recipientEmail: true } } },
  });
  return new Set(rows.map((row) => notificationKey(row.ruleId, row.delivery.recipientEmail)));
}

export type TestEmailToQueue = {
  tenantId: string;
  requestedById: string | null;
  rule: { id: string; name: string };
  recipients: readonly { email: string; language: Language }[];
  options: { includeOrganizationName: boolean; includeTenantPortalLink: boolean };
};

// Queues one test email per recipient, linked to the rule (or the draft's fresh id); returns their ids.
export async function queueTestDeliveries(tx: Tx, input: TestEmailToQueue): Promise<string[]> {
  const rows = input.recipients.map((recipient) => ({
    id: randomUUID(),
    tenantId: input.tenantId,
    kind: 'test' as const,
    recipientEmail: recipient.email.toLowerCase(),
    language: recipient.language,
    requestedById: input.requestedById,
    includeOrganizationName: input.options.includeOrganizationName,
    includeTenantPortalLink: input.options.includeTenantPortalLink,
  }));
  await tx.delivery.createMany({ data: rows });
  await tx.deliveryRule.createMany({
    data: rows.map((row) => ({ deliveryId: row.id, ruleId: input.rule.id, ruleName: input.rule.name, tenantId: input.tenantId })),
  });
  return rows.map((row) => row.id);
}

// NOTIFY inside the transaction is delivered only once it commits (and never if it rolls back), so a
// listener never wakes up before the deliveries are visible.
export async function wakeDispatchers(tx: Tx, tenantId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${DELIVERIES_DUE_CHANNEL}, ${tenantId})`;
}
