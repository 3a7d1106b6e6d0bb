import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { NormalizedAlert } from '@/lib/incidents/types';

// New and changed alerts in one statement each, with one parameter (the rows as JSON). Prisma's createMany
// binds every column of every row separately (~350 ms for the 1,000 alerts one incident may bring) and an
// update is one round trip per alert; these take a few milliseconds. Dates go as ISO strings in UTC, which a
// `timestamp(3)` column keeps as Prisma does (UTC wall time).

// An alert as its row stores it: with our device group ids in place of Defender's RBAC groups.
export type AlertRow = Omit<NormalizedAlert, 'devices'> & {
  deviceGroupIds: string[];
  devices: { name: string; deviceGroupId: string | null }[];
};

export const iso = (date: Date | null) => date?.toISOString() ?? null;

export const alertRecord = (id: string, row: AlertRow) => ({
  id,
  externalId: row.externalId,
  title: row.title,
  severity: row.severity,
  status: row.status,
  category: row.category,
  serviceSource: row.serviceSource,
  detectionSource: row.detectionSource,
  alertWebUrl: row.alertWebUrl,
  firstActivity: iso(row.firstActivity),
  lastActivity: iso(row.lastActivity),
  createdDateTime: iso(row.createdDateTime),
  lastUpdateDateTime: iso(row.lastUpdateDateTime),
  deviceGroupIds: row.deviceGroupIds,
  devices: row.devices,
});

export async function insertAlerts(tx: Tx, tenantId: string, incidentId: string, rows: readonly AlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => alertRecord(randomUUID(), row));
  await tx.$executeRaw`
    INSERT INTO "Alert" (
      "id", "tenantId", "incidentId", "externalId", "title", "severity", "status", "category", "serviceSource",
      "detectionSource", "alertWebUrl", "firstActivity", "lastActivity", "createdDateTime", "lastUpdateDateTime",
      "deviceGroupIds", "devices"
    )
    SELECT
      r."id", ${tenantId}::uuid, ${incidentId}::uuid, r."externalId", r."title", r."severity", r."status", r."category",
      r."serviceSource", r."detectionSource", r."alertWebUrl", r."firstActivity", r."lastActivity", r."createdDateTime",
      r."lastUpdateDateTime", ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")), r."devices"
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(
      "id" uuid, "externalId" text, "title" text, "severity" text, "status" text, "category" text, "serviceSource" text,
      "detectionSource" text, "alertWebUrl" text, "firstActivity" timestamp(3), "lastActivity" timestamp(3),
      "createdDateTime" timestamp(3), "lastUpdateDateTime" timestamp(3), "deviceGroupIds" jsonb, "devices" jsonb
    )`;
}

// Rewrites each given stored alert (by our id) with the payload's row, under `incidentId`. Only alerts
// that differ are passed in, so a re-sent payload still writes nothing.
export async function updateAlerts(
  tx: Tx,
  tenantId: string,
  incidentId: string,
  changed: readonly { id: string; row: AlertRow }[],
): Promise<void> {
  if (changed.length === 0) return;
  const records = changed.map(({ id, row }) => alertRecord(id, row));
  await tx.$executeRaw`
    UPDATE "Alert" AS a SET
      "incidentId" = ${incidentId}::uuid, "title" = r."title", "severity" = r."severity", "status" = r."status",
      "category" = r."category", "serviceSource" = r."serviceSource", "detectionSource" = r."detectionSource",
      "alertWebUrl" = r."alertWebUrl", "firstActivity" = r."firstActivity", "lastActivity" = r."lastActivity",
      "createdDateTime" = r."createdDateTime", "lastUpdateDateTime" = r."lastUpdateDateTime",
      "deviceGroupIds" = ARRAY(SELECT jsonb_array_elements_text(r."deviceGroupIds")), "devices" = r."devices"
    FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS r(
      "id" uuid, "title" text, "severity" text, "status" text, "category" text, "serviceSource" text,
      "detectionSource" text, "alertWebUrl" text, "firstActivity" timestamp(3), "lastActivity" timestamp(3),
      "createdDateTime" timestamp(3), "lastUpdateDateTime" timestamp(3), "deviceGroupIds" jsonb, "devices" jsonb
    )
    WHERE a."id" = r."id" AND a."tenantId" = ${tenantId}::uuid`;
}
