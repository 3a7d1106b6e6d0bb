// What makes an incident worth a new event, decided without I/O. Only severity and status changes (of
// the incident or of an alert) and new alerts count; other fields (title, assignee, classification,
// device groups) are stored silently, so a re-sent incident with a new assignee emails nobody.

// `changes` of an IncidentEvent, as stored in its JSON column.
//   { field: 'severity' | 'status', from, to }                  the incident's own severity or status
//   { field: 'alert', alertId, from: null, to: 'added' }        an alert new to this incident
//   { field: 'alert.severity' | 'alert.status', alertId, from, to }
export type IncidentChange = {
  field: 'severity' | 'status' | 'alert' | 'alert.severity' | 'alert.status';
  alertId?: string;
  from: string | null;
  to: string;
};

type IncidentState = { severity: string; status: string; lastUpdateDateTime: Date | null };
type AlertState = { severity: string; status: string };

// Whether the payload may overwrite the stored incident's own fields. Inferred incidents (from an
// alert-only payload) are guesses; an incident version older than the stored one arrived out of order.
export function incidentFieldsApply(
  stored: { lastUpdateDateTime: Date | null },
  incoming: { inferredFromAlerts: boolean; lastUpdateDateTime: Date | null },
): boolean {
  if (incoming.inferredFromAlerts) return false;
  if (stored.lastUpdateDateTime && incoming.lastUpdateDateTime) {
    return incoming.lastUpdateDateTime.getTime() >= stored.lastUpdateDateTime.getTime();
  }
  return true;
}

// Whether an alert's data in the payload may overwrite the stored alert: data older than the stored version
// (a version N re-sent after N+1) arrived out of order, and would regress severity and status and email an
// "update" that is not one. Without a version on either side, the payload is all we know.
export function alertDataApplies(
  stored: { lastUpdateDateTime: Date | null } | undefined,
  incoming: { lastUpdateDateTime: Date | null },
): boolean {
  if (!stored?.lastUpdateDateTime || !incoming.lastUpdateDateTime) return true;
  return incoming.lastUpdateDateTime.getTime() >= stored.lastUpdateDateTime.getTime();
}

export function incidentChanges(stored: IncidentState, incoming: IncidentState): IncidentChange[] {
  const changes: IncidentChange[] = [];
  if (stored.severity !== incoming.severity) changes.push({ field: 'severity', from: stored.severity, to: incoming.severity });
  if (stored.status !== incoming.status) changes.push({ field: 'status', from: stored.status, to: incoming.status });
  return changes;
}

// `stored` is the alert as this incident knows it; undefined for an alert new to the incident (also one
// that moved here from another incident).
export function alertChanges(alertId: string, stored: AlertState | undefined, incoming: AlertState): IncidentChange[] {
  if (!stored) return [{ field: 'alert', alertId, from: null, to: 'added' }];
  const changes: IncidentChange[] = [];
  if (stored.severity !== incoming.severity) {
    changes.push({ field: 'alert.severity', alertId, from: stored.severity, to: incoming.severity });
  }
  if (stored.status !== incoming.status) changes.push({ field: 'alert.status', alertId, from: stored.status, to: incoming.status });
  return changes;
}

// Whether two values of a stored column differ, for the silent updates: dates by instant, arrays and
// JSON by content. Lets a re-sent payload write nothing at all.
export function differs(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return (a instanceof Date ? a.getTime() : a) !== (b instanceof Date ? b.getTime() : b);
  }
  if (typeof a === 'object' || typeof b === 'object') return canonicalJson(a) !== canonicalJson(b);
  return a !== b;
}

// JSONB hands objects back with its own key order, so objects compare with sorted keys.
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export function changedColumns<T extends Record<string, unknown>>(stored: Record<string, unknown>, wanted: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(wanted) as (keyof T & string)[]) {
    if (differs(stored[key], wanted[key])) changed[key] = wanted[key];
  }
  return changed;
}
