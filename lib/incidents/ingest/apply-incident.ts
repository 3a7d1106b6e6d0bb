import type { Tx } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import type { NormalizedIncident } from '@/lib/incidents/types';
import type { GroupResolver } from '@/lib/incidents/ingest/device-groups';
import {
  categoriesOf,
  findStoredAlerts,
  refreshCategories,
  storedCategories,
  toAlertRow,
  writeAlerts,
  type StoredAlert,
} from '@/lib/incidents/ingest/alerts';
import type { AlertRow } from '@/lib/incidents/ingest/alert-writes';
import {
  alertChanges,
  alertDataApplies,
  changedColumns,
  incidentChanges,
  incidentFieldsApply,
  type IncidentChange,
} from '@/lib/incidents/ingest/changes';
import { randomUUID } from 'node:crypto';
import { planEventDeliveries, writePlannedDeliveries, type MatchingInput } from '@/lib/notifications/queue';
import type { StoredIncidents } from '@/lib/incidents/ingest/stored-incidents';

export type IngestContext = {
  tx: Tx;
  tenantId: string;
  receivedAt: Date;
  resolveGroup: GroupResolver;
  // The tenant's rules and recipient scopes, current for this transaction (tenant-snapshot.ts).
  matching: MatchingInput;
  // The request's incidents as stored before it, read in one query.
  storedIncidents: StoredIncidents;
  // External ids of the alerts stored so far: those of the request stored before it, plus every alert this
  // request has written. An incident none of whose alerts is here reads no alerts.
  storedAlertIds: Set<string>;
};

export type IncidentOutcome = {
  externalId: string;
  id: string;
  event: 'created' | 'updated' | null;
  deliveriesQueued: number;
};

type PendingEvent = { kind: 'created' | 'updated'; changes: IncidentChange[]; alerts: AlertRow[] };

// The stored columns an incident's payload sets.
export const incidentColumns = (incident: NormalizedIncident) => ({
  displayName: incident.displayName,
  severity: incident.severity,
  status: incident.status,
  classification: incident.classification,
  determination: incident.determination,
  assignedTo: incident.assignedTo,
  incidentWebUrl: incident.incidentWebUrl,
  sourceTenantId: incident.sourceTenantId,
  createdDateTime: incident.createdDateTime,
  lastUpdateDateTime: incident.lastUpdateDateTime,
});

// Stores one incident and its alerts, and records what changed as an event with its deliveries. The
// caller holds this incident's lock, so what is read here stays true until the transaction ends.
export async function applyIncident(ctx: IngestContext, incident: NormalizedIncident): Promise<IncidentOutcome> {
  const { tx, tenantId } = ctx;
  const sent = incident.alerts.map((alert) => toAlertRow(alert, ctx.resolveGroup));
  const storedAlerts = sent.some((row) => ctx.storedAlertIds.has(row.externalId)) ? await findStoredAlerts(tx, tenantId, sent) : new Map<string, StoredAlert>();
  for (const row of sent) ctx.storedAlertIds.add(row.externalId);
  const rows = currentAlertRows(sent, storedAlerts);
  const stored = await ctx.storedIncidents.get(incident.externalId);

  let incidentId: string;
  let event: PendingEvent | null = null;
  let movedFrom: Set<string>;
  if (!stored) {
    const created = await tx.incident.create({
      data: { tenantId, externalId: incident.externalId, ...incidentColumns(incident), categories: categoriesOf(rows), receivedAt: ctx.receivedAt },
      select: { id: true },
    });
    incidentId = created.id;
    movedFrom = await writeAlerts(tx, tenantId, incidentId, rows, storedAlerts);
    event = { kind: 'created', changes: [], alerts: rows };
  } else {
    incidentId = stored.id;
    const applies = incidentFieldsApply(stored, incident);
    const changes = applies ? incidentChanges(stored, incident) : [];
    const eventAlerts: AlertRow[] = [];
    for (const row of rows) {
      const own = storedAlerts.get(row.externalId);
      const found = alertChanges(row.externalId, own?.incidentId === incidentId ? own : undefined, row);
      if (found.length > 0) eventAlerts.push(row);
      changes.push(...found);
    }
    movedFrom = await writeAlerts(tx, tenantId, incidentId, rows, storedAlerts);
    const wanted = { ...(applies ? incidentColumns(incident) : {}), categories: await storedCategories(tx, incidentId) };
    const changed = changedColumns(stored, wanted);
    if (Object.keys(changed).length > 0) {
      await tx.incident.update({ where: { id_tenantId: { id: incidentId, tenantId } }, data: changed });
    }
    if (changes.length > 0) event = { kind: 'updated', changes, alerts: eventAlerts };
  }
  for (const previous of movedFrom) {
    await refreshCategories(tx, tenantId, previous);
    ctx.storedIncidents.forget(previous);
  }

  const deliveriesQueued = event ? await recordEvent(ctx, incidentId, event, stored !== null) : 0;
  return { externalId: incident.externalId, id: incidentId, event: event?.kind ?? null, deliveriesQueued };
}

// The alerts of the payload that are not older than what is stored: an out-of-order alert changes nothing
// (not its fields, not its incident) and is no reason for an email. An alert sent without a version keeps
// the stored one, so a later stale copy is still recognised.
function currentAlertRows(rows: readonly AlertRow[], stored: ReadonlyMap<string, StoredAlert>): AlertRow[] {
  return rows.flatMap((row) => {
    const existing = stored.get(row.externalId);
    if (!alertDataApplies(existing, row)) return [];
    return [{ ...row, lastUpdateDateTime: row.lastUpdateDateTime ?? existing?.lastUpdateDateTime ?? null }];
  });
}

// The event row carries the matcher's decision record, written by the statement that writes the event:
// so the plan comes first (the event's id is chosen here), then the event, then its deliveries.
async function recordEvent(ctx: IngestContext, incidentId: string, event: PendingEvent, incidentExisted: boolean): Promise<number> {
  const eventId = randomUUID();
  const added = new Set(event.changes.flatMap((change) => (change.field === 'alert' && change.alertId ? [change.alertId] : [])));
  const plan = await planEventDeliveries(ctx.tx, {
    tenantId: ctx.tenantId,
    incidentId,
    eventId,
    receivedAt: ctx.receivedAt,
    // An event without alerts (an incident sent without them, or only its own severity changed) matches
    // no rule: rules select alerts.
    alerts: event.alerts.map((alert) => ({
      externalId: alert.externalId,
      severity: alert.severity,
      serviceSource: alert.serviceSource,
      detectionSource: alert.detectionSource,
      deviceGroupIds: alert.deviceGroupIds,
      added: event.kind === 'created' || added.has(alert.externalId),
    })),
    mayHaveBeenNotified: incidentExisted,
    matching: ctx.matching,
  });
  await ctx.tx.incidentEvent.create({
    data: {
      id: eventId,
      tenantId: ctx.tenantId,
      incidentId,
      kind: event.kind,
      changes: event.changes,
      alertExternalIds: event.alerts.map((alert) => alert.externalId),
      decisions: plan.decisions ?? Prisma.DbNull,
      receivedAt: ctx.receivedAt,
    },
    select: { id: true },
  });
  return writePlannedDeliveries(ctx.tx, ctx.tenantId, plan);
}
