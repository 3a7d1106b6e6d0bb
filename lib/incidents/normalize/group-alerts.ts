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
    const items = byIncident.get(key);
    if (items) items.push(item);
    else byIncident.set(key, [item]);
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
// Each incident's alerts are kept in one Map by alert id while merging, so an incident named many times
// costs its alerts once, not once per copy.
export function mergeIncidents(incidents: readonly NormalizedIncident[]): NormalizedIncident[] {
  const merged = new Map<string, { fields: NormalizedIncident; alerts: Map<string, NormalizedAlert> }>();
  for (const incident of incidents) {
    const earlier = merged.get(incident.externalId);
    const alerts = earlier?.alerts ?? new Map<string, NormalizedAlert>();
    for (const alert of incident.alerts) alerts.set(alert.externalId, alert);
    const fields = earlier && incident.inferredFromAlerts && !earlier.fields.inferredFromAlerts ? earlier.fields : incident;
    merged.set(incident.externalId, { fields, alerts });
  }
  const owner = new Map<string, string>();
  for (const [externalId, { alerts }] of merged) for (const alertId of alerts.keys()) owner.set(alertId, externalId);
  return [...merged].map(([externalId, { fields, alerts }]) => ({
    ...fields,
    alerts: [...alerts.values()].filter((alert) => owner.get(alert.externalId) === externalId),
  }));
}

const time = (date: Date | null) => date?.getTime() ?? Number.POSITIVE_INFINITY;

function latest(dates: readonly (Date | null)[]): Date | null {
  const known = dates.filter((date): date is Date => date !== null);
  return known.length ? new Date(Math.max(...known.map((date) => date.getTime()))) : null;
}
