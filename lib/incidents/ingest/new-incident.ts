import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { alertRecord, iso } from '@/lib/incidents/ingest/alert-writes';
import type { AlertRow } from '@/lib/incidents/ingest/alerts';

// The common case of an ingest: an incident never seen, with alerts never seen. Its row, its alerts and
// its `created` event go in one statement (three data-modifying CTEs): one round trip instead of three,
// and no ORM query planning. The ids are made here, so nothing depends on what a CTE returns. Foreign keys
// are checked at the end of the statement, when the incident row exists.

export async function insertNewIncident(
  tx: Tx,
  input: { tenantId: string; incident: NormalizedIncident; categories: string[]; alerts: readonly AlertRow[]; receivedAt: Date },
): Promise<{ incidentId: string; eventId: string }> {
  const incidentId = randomUUID();
  const eventId = randomUUID();
  const { incident } = input;
  const receivedAt = input.receivedAt.toISOString();
  const alerts = input.alerts.map((row) => alertRecord(randomUUID(), row));
  await tx.$executeRaw`
    WITH incident AS (
      INSERT INTO "Incident" (
        "id", "tenantId", "externalId", "displayName", "severity", "status", "classification", "determination",
        "assignedTo", "incidentWebUrl", "sourceTenantId", "createdDateTime", "lastUpdateDateTime", "categories",
        "receivedAt", "updatedAt"
      ) VALUES (
        ${incidentId}::uuid, ${input.tenantId}::uuid, ${incident.externalId}, ${incident.displayName}, ${incident.severity},
        ${incident.status}, ${incident.classification}, ${incident.determination}, ${incident.assignedTo},
        ${incident.incidentWebUrl}, ${incident.sourceTenantId}, ${iso(incident.createdDateTime)}::timestamp(3),
        ${iso(incident.lastUpdateDateTime)}::timestamp(3), ${input.categories}::text[], ${receivedAt}::timestamp(3),
        ${new Date().toISOString()}::timestamp(3)
      )
    ),
    alerts AS (
      INSERT INTO "Alert" (
        "id", "tenantId", "incidentId", "externalId", "title", "severity", "status", "category", "serviceSource",
        "detectionSource", "alertWebUrl", "firstActivity", "lastActivity", "createdDateTime", "lastUpdateDateTime",
        "deviceGroupIds", "devices"
      )
      SELECT
        r."id", ${input.tenantId}::uuid, ${incidentId}::uuid, r."externalId", r."title", r."severity", r."status",
        r."category", r."serviceSource", r."detectionSource", r."alertWebUrl", r."firstActivity", r."lastActivity",
        r."createdDateTime", r."lastUpdateDateTime", ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")), r."devices"
      FROM jsonb_to_recordset(${JSON.stringify(alerts)}::jsonb) AS r(
        "id" uuid, "externalId" text, "title" text, "severity" text, "status" text, "category" text, "serviceSource" text,
        "detectionSource" text, "alertWebUrl" text, "firstActivity" timestamp(3), "lastActivity" timestamp(3),
        "createdDateTime" timestamp(3), "lastUpdateDateTime" timestamp(3), "deviceGroupIds" jsonb, "devices" jsonb
      )
    )
    INSERT INTO "IncidentEvent" ("id", "tenantId", "incidentId", "kind", "changes", "alertExternalIds", "receivedAt")
    VALUES (
      ${eventId}::uuid, ${input.tenantId}::uuid, ${incidentId}::uuid, 'created', '[]'::jsonb,
      ${input.alerts.map((alert) => alert.externalId)}::text[], ${receivedAt}::timestamp(3)
    )`;
  return { incidentId, eventId };
}
