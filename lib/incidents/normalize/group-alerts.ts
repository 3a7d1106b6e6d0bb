import type { NormalizedAlert, NormalizedIncident } from '@/lib/incidents/types';
import type { SourcedAlert } from '@/lib/incidents/normalize/sourced-alert';
import { highestSeverity } from '@/lib/incidents/normalize/enums';

// Alert-only payloads (Graph alerts_v2, Defender for Endpoint alerts) name their incident by id only. The
// incident is inferred from its alerts, and marked so: ingest then never lets these guesses overwrite
// what a real incident payload said.
export function incidentsFromAlerts(sourced: readonly SourcedAlert[]): NormalizedIncident[] {
  const byIncident = new Map<string, SourcedAlert[]>();
  for (const item of sourced) {
    const key = item.incidentExternalId!;
    byIncident.set(key, [...(byIncident.get(key) ?? []), item]);
  }
  return [...byIncident].map(([externalId, items]) => {
    const alerts = items.map((item) => item.alert);
    const oldestFirst = [...alerts].sort((a, b) => time(a.createdDateTime) - time(b.createdDateTime));
    return {
      externalId,
      inferredFromAlerts: true,
      // Defender names a one-alert incident after its alert; the first alert is the best name we have.
      displayName: oldestFirst[0].title,
      severity: highestSeverity(alerts.map((alert) => alert.severity)),
      status: alerts.every((alert) => alert.status === 'resolved') ? 'resolved' : 'active',
      classification: null,
      determination: null,
      assignedTo: null,
      incidentWebUrl: items.find((item) => item.incidentWebUrl)?.incidentWebUrl ?? null,
      sourceTenantId: items.find((item) => item.sourceTenantId)?.sourceTenantId ?? null,
      createdDateTime: oldestFirst.find((alert) => alert.createdDateTime)?.createdDateTime ?? null,
      lastUpdateDateTime: latest(items.map((item) => item.lastUpdateDateTime)),
      alerts,
    };
  });
}

// One payload may name an incident twice (an incident and its alerts, a list with a repeated page):
// merge by id. A real incident's fields win over inferred ones, a later copy over an earlier one; an
// alert belongs to the last incident that lists it.
export function mergeIncidents(incidents: readonly NormalizedIncident[]): NormalizedIncident[] {
  const merged = new Map<string, NormalizedIncident>();
  for (const incident of incidents) {
    const earlier = merged.get(incident.externalId);
    if (!earlier) {
      merged.set(incident.externalId, { ...incident, alerts: unionAlerts([], incident.alerts) });
      continue;
    }
    const fields = incident.inferredFromAlerts && !earlier.inferredFromAlerts ? earlier : incident;
    merged.set(incident.externalId, { ...fields, alerts: unionAlerts(earlier.alerts, incident.alerts) });
  }
  const owner = new Map<string, string>();
  for (const incident of merged.values()) for (const alert of incident.alerts) owner.set(alert.externalId, incident.externalId);
  return [...merged.values()].map((incident) => ({
    ...incident,
    alerts: incident.alerts.filter((alert) => owner.get(alert.externalId) === incident.externalId),
  }));
}

function unionAlerts(earlier: readonly NormalizedAlert[], later: readonly NormalizedAlert[]): NormalizedAlert[] {
  const byId = new Map(earlier.map((alert) => [alert.externalId, alert]));
  for (const alert of later) byId.set(alert.externalId, alert);
  return [...byId.values()];
}

const time = (date: Date | null) => date?.getTime() ?? Number.POSITIVE_INFINITY;

function latest(dates: readonly (Date | null)[]): Date | null {
  const known = dates.filter((date): date is Date => date !== null);
  return known.length ? new Date(Math.max(...known.map((date) => date.getTime()))) : null;
}
