import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Language } from '@/lib/i18n/languages';
import { emptyDecisions, type RuleDecisions } from '@/lib/rules/decisions';
import { notificationKey, planDeliveries, type MatchAlert, type MatchRule, type RecipientScopes } from '@/lib/rules/match';
import { joinOpenWindows, mayHaveOpenWindows, mergeIntoWindows, type WindowJoin } from '@/lib/notifications/coalesce';
import { DELIVERIES_DUE_CHANNEL } from '@/lib/notifications/channel';

// The outbox's front door: every delivery row is written here, inside the caller's transaction (an
// incident event and its emails exist together or not at all; a test email and its quota likewise), and
// the dispatchers are woken by a NOTIFY in it, which PostgreSQL delivers only once that transaction
// commits (never if it rolls back): a listener never wakes up before the deliveries are visible.


// What ingest matches an event against: the tenant's rules (disabled ones only get recorded as such), and what each recipient who is a
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

// The rows of an event's deliveries and of the rules that chose them, planned without I/O, and the
// matcher's record of why (stored on the event row; null for an event without alerts, which no rule can match).
export type PlannedDeliveries = { deliveries: DeliveryRecord[]; links: DeliveryRuleRecord[]; queued: number; decisions: RuleDecisions | null };
export type DeliveryRecord = {
  id: string; eventId: string; incidentId: string; recipientEmail: string; language: Language;
  includeOrganizationName: boolean; includeTenantPortalLink: boolean; alertExternalIds: string[]; deviceGroupIds: string[];
  withheldAlertCount: number; filterReason: string | null; scopeLimited: boolean; status: string;
  // Coalescing (coalesce.ts): a delivery that waits opens a window, due at its end (both null: due now);
  // one that joins an open window is `coalesced` into that window's delivery.
  nextAttemptAt: string | null; windowEndsAt: string | null; coalescedIntoId: string | null;
};
type DeliveryRuleRecord = { deliveryId: string; ruleId: string; ruleName: string; incidentId: string };
// An update's plan, with its deliveries that joined an open coalescing window.
export type CoalescedPlan = PlannedDeliveries & { joins: WindowJoin[] };

export function planIncidentDeliveries(input: Omit<IncidentEventToQueue, 'mayHaveBeenNotified'>, notified: ReadonlySet<string>): PlannedDeliveries {
  const { rules, recipientScopes } = input.matching;
  if (input.alerts.length === 0) return { deliveries: [], links: [], queued: 0, decisions: null };
  const decisions = emptyDecisions();
  if (rules.length === 0) return { deliveries: [], links: [], queued: 0, decisions };
  const planned = planDeliveries({ receivedAt: input.receivedAt, alerts: input.alerts }, rules, notified, recipientScopes, decisions);
  const deliveries = planned.map((delivery): DeliveryRecord => ({
    id: randomUUID(),
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
    ...windowOf(input.receivedAt, delivery.status === 'queued' ? delivery.waitMinutes : 0),
    coalescedIntoId: null,
  }));
  const links = planned.flatMap((delivery, i) =>
    delivery.rules.map((rule) => ({ deliveryId: deliveries[i]!.id, ruleId: rule.id, ruleName: rule.name, incidentId: input.incidentId })),
  );
  return { deliveries, links, queued: planned.filter((delivery) => delivery.status === 'queued').length, decisions };
}

export function mergePlans(plans: readonly PlannedDeliveries[]): PlannedDeliveries {
  return {
    deliveries: plans.flatMap((plan) => plan.deliveries),
    links: plans.flatMap((plan) => plan.links),
    queued: plans.reduce((sum, plan) => sum + plan.queued, 0),
    // Each event keeps its own record: merged rows are written, records go with their events.
    decisions: null,
  };
}

// Two CTEs, `queued_deliveries` and `queued_rules`, writing planned rows, for a caller's statement that
// writes the events they belong to as well; it ends with `notifyIfQueued`. Timestamps as Prisma writes
// them (UTC wall time), never the server's CURRENT_TIMESTAMP, which follows the session's time zone.
export function deliveryInsertCtes(tenantId: string, plan: PlannedDeliveries): Prisma.Sql {
  const now = new Date().toISOString();
  return Prisma.sql`
    queued_deliveries AS (
      INSERT INTO "Delivery" (
        "id", "tenantId", "kind", "eventId", "incidentId", "recipientEmail", "language", "includeOrganizationName",
        "includeTenantPortalLink", "alertExternalIds", "deviceGroupIds", "withheldAlertCount", "filterReason",
        "scopeLimited", "status", "nextAttemptAt", "windowEndsAt", "coalescedIntoId", "createdAt", "updatedAt"
      )
      SELECT
        r."id", ${tenantId}::uuid, 'incident', r."eventId", r."incidentId", r."recipientEmail",
        r."language", r."includeOrganizationName", r."includeTenantPortalLink",
        ARRAY(SELECT jsonb_array_elements_text(r."alertExternalIds")), ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")),
        r."withheldAlertCount", r."filterReason", r."scopeLimited", r."status", COALESCE(r."nextAttemptAt", ${now}::timestamp(3)),
        r."windowEndsAt", r."coalescedIntoId", ${now}::timestamp(3), ${now}::timestamp(3)
      FROM jsonb_to_recordset(${JSON.stringify(plan.deliveries)}::jsonb) AS r(
        "id" uuid, "eventId" uuid, "incidentId" uuid, "recipientEmail" text, "language" "Language", "includeOrganizationName" boolean,
        "includeTenantPortalLink" boolean, "alertExternalIds" jsonb, "deviceGroupIds" jsonb, "withheldAlertCount" integer,
        "filterReason" text, "scopeLimited" boolean, "status" "DeliveryStatus", "nextAttemptAt" timestamp(3),
        "windowEndsAt" timestamp(3), "coalescedIntoId" uuid
      )
    ),
    queued_rules AS (
      INSERT INTO "DeliveryRule" ("deliveryId", "ruleId", "ruleName", "tenantId", "incidentId")
      SELECT l."deliveryId", l."ruleId", l."ruleName", ${tenantId}::uuid, l."incidentId"
      FROM jsonb_to_recordset(${JSON.stringify(plan.links)}::jsonb) AS l("deliveryId" uuid, "ruleId" uuid, "ruleName" text, "incidentId" uuid)
    )`;
}

// The statement's final SELECT: wakes the dispatchers when something will be sent. PostgreSQL folds
// identical notifications of one transaction into one.
export const notifyIfQueued = (tenantId: string, plan: PlannedDeliveries) =>
  Prisma.sql`SELECT pg_notify(${DELIVERIES_DUE_CHANNEL}, ${tenantId}) WHERE ${plan.queued}::int > 0`;

// Plans the deliveries of one incident event (reading who was already notified when that matters); the
// caller writes the event with the plan's decision record, then the deliveries (writePlannedDeliveries).
// An update of an incident whose email to a recipient is still waiting in a coalescing window joins that
// window (coalesce.ts) instead of becoming an email of its own.
export async function planEventDeliveries(tx: Tx, input: IncidentEventToQueue): Promise<CoalescedPlan> {
  if (input.alerts.length === 0 || input.matching.rules.length === 0) return { ...planIncidentDeliveries(input, new Set()), joins: [] };
  const plan = planIncidentDeliveries(input, await alreadyNotified(tx, input));
  if (!input.mayHaveBeenNotified || !mayHaveOpenWindows(input.matching)) return { ...plan, joins: [] };
  const joins = await joinOpenWindows(tx, input, plan.deliveries);
  return { ...plan, joins, queued: plan.queued - joins.length };
}

// Queues planned deliveries in one statement, then merges the ones that joined a window into it; returns
// how many emails will be sent (filtered ones are only recorded, for the delivery log; joined ones go
// out with their window's email).
export async function writePlannedDeliveries(tx: Tx, tenantId: string, plan: CoalescedPlan): Promise<number> {
  if (plan.deliveries.length === 0) return 0;
  await tx.$executeRaw`WITH ${deliveryInsertCtes(tenantId, plan)} ${notifyIfQueued(tenantId, plan)}`;
  await mergeIntoWindows(tx, tenantId, plan.joins);
  return plan.queued;
}

// When a delivery waits `waitMinutes`, the window it opens and when it is due; null: due now, no window.
function windowOf(receivedAt: Date, waitMinutes: number): Pick<DeliveryRecord, 'nextAttemptAt' | 'windowEndsAt'> {
  if (waitMinutes <= 0) return { nextAttemptAt: null, windowEndsAt: null };
  const end = new Date(receivedAt.getTime() + waitMinutes * 60_000).toISOString();
  return { nextAttemptAt: end, windowEndsAt: end };
}

// Who already got an email about this incident from which rule: "one notification per incident" keeps
// the rule quiet for them. An email filtered away or held back by a silence (never sent) notified nobody.
async function alreadyNotified(tx: Tx, input: IncidentEventToQueue): Promise<Set<string>> {
  // Disabled rules are in the snapshot only to be recorded as such: they never make this read necessary.
  if (!input.mayHaveBeenNotified || !input.matching.rules.some((rule) => rule.enabled && rule.oneNotificationPerIncident)) return new Set();
  const rows = await tx.deliveryRule.findMany({
    where: { tenantId: input.tenantId, incidentId: input.incidentId, delivery: { status: { notIn: ['filtered', 'silenced'] } } },
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
