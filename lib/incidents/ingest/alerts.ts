import type { Tx } from '@/lib/db/client';
import type { NormalizedAlert } from '@/lib/incidents/types';
import type { GroupResolver } from '@/lib/incidents/ingest/device-groups';
import { changedColumns } from '@/lib/incidents/ingest/changes';
import { insertAlerts, updateAlerts, type AlertRow } from '@/lib/incidents/ingest/alert-writes';

export type StoredAlert = AlertRow & { id: string; incidentId: string };

export function toAlertRow(alert: NormalizedAlert, resolveGroup: GroupResolver): AlertRow {
  const { devices, ...fields } = alert;
  const resolved = devices.map((device) => ({ name: device.name, deviceGroupId: resolveGroup(device) }));
  const deviceGroupIds = [...new Set(resolved.flatMap((device) => (device.deviceGroupId ? [device.deviceGroupId] : [])))].sort();
  return { ...fields, deviceGroupIds, devices: resolved };
}

export async function findStoredAlerts(tx: Tx, tenantId: string, rows: readonly AlertRow[]): Promise<Map<string, StoredAlert>> {
  if (rows.length === 0) return new Map();
  const stored = await tx.alert.findMany({
    where: { tenantId, externalId: { in: rows.map((row) => row.externalId) } },
    omit: { tenantId: true },
  });
  return new Map(stored.map((alert) => [alert.externalId, alert as StoredAlert]));
}

// Creates the new alerts, and updates a stored one only where it differs, so a re-sent payload writes
// nothing. Returns the incidents that alerts moved away from (Defender merges incidents).
export async function writeAlerts(
  tx: Tx,
  tenantId: string,
  incidentId: string,
  rows: readonly AlertRow[],
  stored: ReadonlyMap<string, StoredAlert>,
): Promise<Set<string>> {
  const movedFrom = new Set<string>();
  const created: AlertRow[] = [];
  const changed: { id: string; row: AlertRow }[] = [];
  for (const row of rows) {
    const existing = stored.get(row.externalId);
    if (!existing) {
      created.push(row);
      continue;
    }
    if (existing.incidentId !== incidentId) movedFrom.add(existing.incidentId);
    if (Object.keys(changedColumns(existing, { ...row, incidentId })).length > 0) changed.push({ id: existing.id, row });
  }
  await updateAlerts(tx, tenantId, incidentId, changed);
  await insertAlerts(tx, tenantId, incidentId, created);
  return movedFrom;
}

// An incident's categories are those of all its stored alerts, not only of the alerts in this payload.
export async function storedCategories(tx: Tx, incidentId: string): Promise<string[]> {
  const rows = await tx.alert.findMany({
    where: { incidentId, category: { not: null } },
    select: { category: true },
    distinct: ['category'],
  });
  return categoriesOf(rows);
}

export function categoriesOf(alerts: readonly { category: string | null }[]): string[] {
  return [...new Set(alerts.flatMap((alert) => (alert.category ? [alert.category] : [])))].sort();
}

export async function refreshCategories(tx: Tx, tenantId: string, incidentId: string): Promise<void> {
  const incident = await tx.incident.findFirst({ where: { id: incidentId, tenantId }, select: { categories: true } });
  const categories = await storedCategories(tx, incidentId);
  if (incident && changedColumns(incident, { categories }).categories) {
    await tx.incident.update({ where: { id_tenantId: { id: incidentId, tenantId } }, data: { categories } });
  }
}
