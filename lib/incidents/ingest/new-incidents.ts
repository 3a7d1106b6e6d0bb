import { randomUUID } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { alertRecord, iso } from '@/lib/incidents/ingest/alert-writes';
import { categoriesOf, toAlertRow } from '@/lib/incidents/ingest/alerts';
import { incidentColumns, type IncidentOutcome } from '@/lib/incidents/ingest/apply-incident';
import { resolveKnownGroups } from '@/lib/incidents/ingest/device-groups';
import { tenantSnapshot } from '@/lib/incidents/ingest/tenant-snapshot';
import { isWriteConflict } from '@/lib/incidents/transient-error';
import { deliveryInsertCtes, mergePlans, notifyIfQueued, planIncidentDeliveries } from '@/lib/notifications/queue';

// The common case of an ingest: incidents never seen, with alerts never seen, in device groups the tenant
// knows. Then nothing stored decides anything, and the whole request is one read (which of them exist,
// and the tenant's MatchingVersion) and one statement writing incidents, alerts, `created` events,
// deliveries and the dispatchers' NOTIFY: two round trips instead of a transaction of five, and no locks.
//
// It is safe without the incident locks because that one statement is atomic and every row it writes is
// new: should a concurrent request store one of these incidents or alerts first, a unique key refuses
// the statement whole and the caller takes the locked path, which then sees the winner's rows. Nobody can
// have been notified about an incident that did not exist. Returns null whenever the locked path must
// decide (something exists, a group must be registered, a race was lost).

export async function ingestNewIncidents(
  client: Db,
  tenantId: string,
  incidents: readonly NormalizedIncident[],
  receivedAt: Date,
): Promise<IncidentOutcome[] | null> {
  const externalIds = incidents.map((incident) => incident.externalId);
  const alertIds = incidents.flatMap((incident) => incident.alerts.map((alert) => alert.externalId));
  // The same incident or alert twice in one request: the locked path applies them one after the other.
  if (new Set(externalIds).size !== externalIds.length || new Set(alertIds).size !== alertIds.length) return null;

  const [found] = await client.$queryRaw<{ version: bigint; stored: boolean }[]>`
    SELECT COALESCE((SELECT "version" FROM "MatchingVersion" WHERE "tenantId" = ${tenantId}::uuid), 0) AS version,
      EXISTS (SELECT 1 FROM "Incident" WHERE "tenantId" = ${tenantId}::uuid AND "externalId" = ANY(${externalIds}::text[]))
      OR EXISTS (SELECT 1 FROM "Alert" WHERE "tenantId" = ${tenantId}::uuid AND "externalId" = ANY(${alertIds}::text[])) AS stored`;
  if (found.stored) return null;
  // Read after the version, so at least as new as it (tenant-snapshot.ts).
  const snapshot = await tenantSnapshot(client, tenantId, found.version);
  const resolveGroup = resolveKnownGroups(incidents, snapshot.groups);
  if (!resolveGroup) return null;

  const now = new Date().toISOString();
  const at = receivedAt.toISOString();
  const planned = incidents.map((incident) => {
    const incidentId = randomUUID();
    const eventId = randomUUID();
    const alerts = incident.alerts.map((alert) => toAlertRow(alert, resolveGroup));
    const plan = planIncidentDeliveries(
      {
        tenantId,
        incidentId,
        eventId,
        receivedAt,
        alerts: alerts.map(({ externalId, severity, serviceSource, detectionSource, deviceGroupIds }) => ({
          externalId, severity, serviceSource, detectionSource, deviceGroupIds, added: true,
        })),
        matching: snapshot.matching,
      },
      new Set(),
    );
    return { incident, incidentId, eventId, alerts, plan };
  });
  const incidentRows = planned.map(({ incident, incidentId, alerts }) => ({
    ...incidentColumns(incident),
    id: incidentId,
    externalId: incident.externalId,
    createdDateTime: iso(incident.createdDateTime),
    lastUpdateDateTime: iso(incident.lastUpdateDateTime),
    categories: categoriesOf(alerts),
  }));
  const alertRows = planned.flatMap(({ incidentId, alerts }) => alerts.map((row) => ({ ...alertRecord(randomUUID(), row), incidentId })));
  const eventRows = planned.map(({ incidentId, eventId, alerts, plan: own }) => ({
    id: eventId,
    incidentId,
    alertExternalIds: alerts.map((alert) => alert.externalId),
    decisions: own.decisions,
  }));
  const plan = mergePlans(planned.map((entry) => entry.plan));

  try {
    await client.$executeRaw`
      WITH new_incidents AS (
        INSERT INTO "Incident" (
          "id", "tenantId", "externalId", "displayName", "severity", "status", "classification", "determination",
          "assignedTo", "incidentWebUrl", "sourceTenantId", "createdDateTime", "lastUpdateDateTime", "categories",
          "receivedAt", "updatedAt"
        )
        SELECT
          r."id", ${tenantId}::uuid, r."externalId", r."displayName", r."severity", r."status", r."classification",
          r."determination", r."assignedTo", r."incidentWebUrl", r."sourceTenantId", r."createdDateTime",
          r."lastUpdateDateTime", ARRAY(SELECT jsonb_array_elements_text(r."categories")), ${at}::timestamp(3), ${now}::timestamp(3)
        FROM jsonb_to_recordset(${JSON.stringify(incidentRows)}::jsonb) AS r(
          "id" uuid, "externalId" text, "displayName" text, "severity" text, "status" text, "classification" text,
          "determination" text, "assignedTo" text, "incidentWebUrl" text, "sourceTenantId" text,
          "createdDateTime" timestamp(3), "lastUpdateDateTime" timestamp(3), "categories" jsonb
        )
      ),
      new_alerts AS (
        INSERT INTO "Alert" (
          "id", "tenantId", "incidentId", "externalId", "title", "severity", "status", "category", "serviceSource",
          "detectionSource", "alertWebUrl", "firstActivity", "lastActivity", "createdDateTime", "lastUpdateDateTime",
          "deviceGroupIds", "devices"
        )
        SELECT
          r."id", ${tenantId}::uuid, r."incidentId", r."externalId", r."title", r."severity", r."status",
          r."category", r."serviceSource", r."detectionSource", r."alertWebUrl", r."firstActivity", r."lastActivity",
          r."createdDateTime", r."lastUpdateDateTime", ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")), r."devices"
        FROM jsonb_to_recordset(${JSON.stringify(alertRows)}::jsonb) AS r(
          "id" uuid, "incidentId" uuid, "externalId" text, "title" text, "severity" text, "status" text, "category" text,
          "serviceSource" text, "detectionSource" text, "alertWebUrl" text, "firstActivity" timestamp(3),
          "lastActivity" timestamp(3), "createdDateTime" timestamp(3), "lastUpdateDateTime" timestamp(3),
          "deviceGroupIds" jsonb, "devices" jsonb
        )
      ),
      new_events AS (
        INSERT INTO "IncidentEvent" ("id", "tenantId", "incidentId", "kind", "changes", "alertExternalIds", "decisions", "receivedAt")
        SELECT r."id", ${tenantId}::uuid, r."incidentId", 'created', '[]'::jsonb,
          ARRAY(SELECT jsonb_array_elements_text(r."alertExternalIds")), NULLIF(r."decisions", 'null'::jsonb), ${at}::timestamp(3)
        FROM jsonb_to_recordset(${JSON.stringify(eventRows)}::jsonb) AS r("id" uuid, "incidentId" uuid, "alertExternalIds" jsonb, "decisions" jsonb)
      ),
      ${deliveryInsertCtes(tenantId, plan)}
      ${notifyIfQueued(tenantId, plan)}`;
  } catch (error) {
    if (isWriteConflict(error)) return null;
    throw error;
  }
  return planned.map(({ incident, incidentId, plan: own }) => ({
    externalId: incident.externalId,
    id: incidentId,
    event: 'created' as const,
    deliveriesQueued: own.queued,
  }));
}
