import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { Language } from '@/lib/i18n/languages';
import { notificationKey, planDeliveries, type MatchAlert, type MatchRule, type RecipientScopes } from '@/lib/rules/match';

// The outbox's front door: every delivery row is written here, inside the caller's transaction (an
// incident event and its emails exist together or not at all; a test email and its quota likewise), and
// the dispatchers are woken by a NOTIFY in it, which PostgreSQL delivers only once that transaction
// commits (never if it rolls back): a listener never wakes up before the deliveries are visible.

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
  const rows = deliveries.map((delivery) => ({
    id: delivery.id,
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
  }));
  const links = deliveries.flatMap((delivery) => delivery.rules.map((rule) => ({ deliveryId: delivery.id, ruleId: rule.id, ruleName: rule.name })));
  const queued = deliveries.filter((delivery) => delivery.status === 'queued').length;
  // Timestamps as Prisma writes them (UTC wall time), never the server's CURRENT_TIMESTAMP, which follows
  // the session's time zone on an operator's server.
  const now = new Date().toISOString();
  // Deliveries, the rules that chose them and the dispatchers' wake-up in one statement (one round trip
  // per event). PostgreSQL folds identical notifications of one transaction into one.
  await tx.$executeRaw`
    WITH deliveries AS (
      INSERT INTO "Delivery" (
        "id", "tenantId", "kind", "eventId", "incidentId", "recipientEmail", "language", "includeOrganizationName",
        "includeTenantPortalLink", "alertExternalIds", "deviceGroupIds", "withheldAlertCount", "filterReason",
        "scopeLimited", "status", "nextAttemptAt", "createdAt", "updatedAt"
      )
      SELECT
        r."id", ${input.tenantId}::uuid, 'incident', ${input.eventId}::uuid, ${input.incidentId}::uuid, r."recipientEmail",
        r."language", r."includeOrganizationName", r."includeTenantPortalLink",
        ARRAY(SELECT jsonb_array_elements_text(r."alertExternalIds")), ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")),
        r."withheldAlertCount", r."filterReason", r."scopeLimited", r."status", ${now}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3)
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        "id" uuid, "recipientEmail" text, "language" "Language", "includeOrganizationName" boolean,
        "includeTenantPortalLink" boolean, "alertExternalIds" jsonb, "deviceGroupIds" jsonb, "withheldAlertCount" integer,
        "filterReason" text, "scopeLimited" boolean, "status" "DeliveryStatus"
      )
    ),
    links AS (
      INSERT INTO "DeliveryRule" ("deliveryId", "ruleId", "ruleName", "tenantId", "incidentId")
      SELECT l."deliveryId", l."ruleId", l."ruleName", ${input.tenantId}::uuid, ${input.incidentId}::uuid
      FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS l("deliveryId" uuid, "ruleId" uuid, "ruleName" text)
    )
    SELECT pg_notify(${DELIVERIES_DUE_CHANNEL}, ${input.tenantId}) WHERE ${queued}::int > 0`;
  return queued;
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
