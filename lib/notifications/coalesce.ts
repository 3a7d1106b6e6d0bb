import type { Tx } from '@/lib/db/client';
import { DELIVERIES_DUE_CHANNEL } from '@/lib/notifications/channel';
import { COALESCE_MINUTES_MAX } from '@/lib/validation/email-volume';

// Coalescing windows (issue 12): a rule may wait up to N minutes for more changes of an incident before
// emailing. The first event's delivery to a recipient opens the window: it is queued, due at the window's
// end, with `windowEndsAt` set. A later event's delivery to that recipient about that incident joins it:
// it is recorded `coalesced` (coalescedIntoId = the window's delivery) and its content (alerts, groups,
// options, choosing rules) is merged into the window's delivery, which the dispatcher then sends as one
// email listing every change since the last email (email-context.ts loads the joined events).
//
// Why this is safe with several processes and restarts: the window is rows in the database, nothing in
// memory. Ingest of one incident runs under that incident's lock, and it locks the window's delivery
// (FOR UPDATE) before joining it; the dispatcher claims due deliveries FOR UPDATE SKIP LOCKED, so either
// the join commits first and the claim sees the merged row, or the claim commits first and the delivery
// is `sending` with a batchKey, no longer joinable: the change then opens the next window. A claimed
// delivery's content never changes again, so retries resend exactly what was claimed and no change is
// sent twice.

// What coalescing needs of a planned delivery (queue.ts's DeliveryRecord has these fields).
export type WindowCandidate = {
  id: string;
  recipientEmail: string;
  status: string;
  nextAttemptAt: string | null;
  windowEndsAt: string | null;
  coalescedIntoId: string | null;
};

// A delivery that joined a window, and when it would have been due on its own: the window's email goes no
// later than that (now, when a rule without a window chose it or it brings a new High-severity alert a rule
// lets through at once; at the end of its own shorter window when its rules wait less than the open one's).
export type WindowJoin = { openerId: string; deliveryId: string; dueAt: string };

// Windows are opened only by rules with one; without such a rule no event looks for them. (A window opened
// before its rule's was set to 0 still goes out at its end; later changes are emailed on their own.)
export function mayHaveOpenWindows(matching: { rules: readonly { enabled: boolean; coalesceMinutes?: number }[] }): boolean {
  return matching.rules.some((rule) => rule.enabled && (rule.coalesceMinutes ?? 0) > 0);
}

// Finds the open windows of this incident for the recipients of `deliveries` and turns the deliveries
// that have one into joins (their records become `coalesced`, pointing to the window).
export async function joinOpenWindows<D extends WindowCandidate>(
  tx: Tx,
  incident: { tenantId: string; incidentId: string; receivedAt: Date },
  deliveries: D[],
): Promise<WindowJoin[]> {
  const queued = deliveries.filter((delivery) => delivery.status === 'queued');
  if (queued.length === 0) return [];
  // FOR UPDATE: the dispatcher cannot claim a window while an event is joining it (its SKIP LOCKED claim
  // passes it by), and a window it has just claimed is re-read here as no longer queued.
  // Reached through the incident's events (indexed by incident) and each event's delivery to the recipient
  // (unique by event and recipient): no index of its own, which every delivery insert would pay for. Only
  // events of the longest window's reach can have opened one still open, so a long-lived incident's history
  // is not probed. (A window whose email the dispatcher is late to claim beyond that is left to go out on its
  // own; this change opens the next one: one more email, never a change twice.)
  const reach = new Date(incident.receivedAt.getTime() - (COALESCE_MINUTES_MAX + 1) * 60_000).toISOString();
  const open = await tx.$queryRaw<{ id: string; recipientEmail: string }[]>`
    SELECT d."id", d."recipientEmail" FROM "IncidentEvent" AS e
    JOIN "Delivery" AS d ON d."eventId" = e."id" AND d."recipientEmail" = ANY(${queued.map((delivery) => delivery.recipientEmail)}::text[])
    WHERE e."incidentId" = ${incident.incidentId}::uuid AND e."tenantId" = ${incident.tenantId}::uuid
      AND e."receivedAt" >= ${reach}::timestamp(3)
      AND d."tenantId" = ${incident.tenantId}::uuid AND d."kind" = 'incident' AND d."status" = 'queued'
      AND d."batchKey" IS NULL AND d."windowEndsAt" IS NOT NULL
    ORDER BY d."createdAt", d."id"
    FOR UPDATE OF d`;
  const windowOf = new Map<string, string>();
  for (const row of open) if (!windowOf.has(row.recipientEmail)) windowOf.set(row.recipientEmail, row.id);
  const joins: WindowJoin[] = [];
  for (const delivery of queued) {
    const openerId = windowOf.get(delivery.recipientEmail);
    if (!openerId) continue;
    joins.push({ openerId, deliveryId: delivery.id, dueAt: delivery.nextAttemptAt ?? new Date().toISOString() });
    delivery.status = 'coalesced';
    delivery.coalescedIntoId = openerId;
    delivery.nextAttemptAt = null;
    delivery.windowEndsAt = null;
  }
  return joins;
}

// After the joining deliveries are written: merges each into its window's delivery (what it may show, the
// options its rules turned on, its rules) and brings the window's email forward to when the join was due.
export async function mergeIntoWindows(tx: Tx, tenantId: string, joins: readonly WindowJoin[]): Promise<void> {
  if (joins.length === 0) return;
  const now = new Date().toISOString();
  const ids = joins.map((join) => join.deliveryId);
  await tx.$executeRaw`
    UPDATE "Delivery" AS o SET
      "alertExternalIds" = o."alertExternalIds" || ARRAY(SELECT x FROM unnest(j."alertExternalIds") AS x WHERE x <> ALL(o."alertExternalIds")),
      "deviceGroupIds" = ARRAY(SELECT DISTINCT x FROM unnest(o."deviceGroupIds" || j."deviceGroupIds") AS x ORDER BY x),
      "withheldAlertCount" = o."withheldAlertCount" + j."withheldAlertCount",
      "filterReason" = COALESCE(o."filterReason", j."filterReason"),
      "scopeLimited" = o."scopeLimited" OR j."scopeLimited",
      "includeOrganizationName" = o."includeOrganizationName" OR j."includeOrganizationName",
      "includeTenantPortalLink" = o."includeTenantPortalLink" OR j."includeTenantPortalLink",
      "nextAttemptAt" = LEAST(o."nextAttemptAt", w."dueAt"),
      "updatedAt" = ${now}::timestamp(3)
    FROM "Delivery" AS j
    JOIN jsonb_to_recordset(${JSON.stringify(joins)}::jsonb) AS w("deliveryId" uuid, "dueAt" timestamp(3)) ON w."deliveryId" = j."id"
    WHERE o."id" = j."coalescedIntoId" AND o."tenantId" = ${tenantId}::uuid AND j."tenantId" = ${tenantId}::uuid`;
  // The window's email is chosen by every rule that chose one of its changes: the delivery log shows it to
  // whoever may see one of them, and caps count it against each.
  await tx.$executeRaw`
    INSERT INTO "DeliveryRule" ("deliveryId", "ruleId", "ruleName", "tenantId", "incidentId")
    SELECT j."coalescedIntoId", l."ruleId", l."ruleName", l."tenantId", l."incidentId"
    FROM "DeliveryRule" AS l JOIN "Delivery" AS j ON j."id" = l."deliveryId"
    WHERE j."id" = ANY(${ids}::uuid[]) AND j."tenantId" = ${tenantId}::uuid
    ON CONFLICT DO NOTHING`;
  if (joins.some((join) => join.dueAt <= now)) await tx.$executeRaw`SELECT pg_notify(${DELIVERIES_DUE_CHANNEL}, ${tenantId})`;
}
