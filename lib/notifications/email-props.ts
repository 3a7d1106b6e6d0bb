import { SAMPLE_ALERTS, SAMPLE_DEVICE_GROUPS, SAMPLE_INCIDENT } from '@/emails/sample-incident';
import type { EmailAlert, EmailChange, IncidentEmailProps, TestEmailProps } from '@/emails/types';
import type { Language } from '@/lib/i18n/languages';
import { defenderIncidentUrl, isDefenderPortalUrl } from '@/lib/incidents/defender-portal';

// What an incident email says, built from the stored rows. Pure: the loader (email-context.ts) fetches,
// this decides, so the rules below are unit-tested without a database.

export type StoredIncident = {
  externalId: string;
  displayName: string;
  severity: string;
  status: string;
  categories: string[];
  incidentWebUrl: string | null;
  sourceTenantId: string | null;
  createdDateTime: Date | null;
  lastUpdateDateTime: Date | null;
};

export type StoredAlert = {
  externalId: string;
  title: string;
  severity: string;
  serviceSource: string | null;
  detectionSource: string | null;
  category: string | null;
  firstActivity: Date | null;
  deviceGroupIds: string[];
};

// What one recipient's email may show, decided at ingest (lib/rules/match.ts): these alerts of the event,
// and of their device groups only these. When alerts were withheld, nothing else in the email may be
// drawn from the alerts left out.
export type EmailScope = {
  alertExternalIds: readonly string[];
  deviceGroupIds: readonly string[];
  // The recipient may not see every device group: incident-wide facts come from the shown alerts only.
  scopeLimited: boolean;
};

export type EventContext = {
  eventKind: string;
  alertExternalIds: string[];
  incident: StoredIncident;
  alerts: StoredAlert[]; // all alerts of the incident
  tenant: { name: string; microsoftTenantId: string | null };
  groupNames: ReadonlyMap<string, string>; // our DeviceGroup id -> name
  // Set when the email brings the events of a coalescing window together: their changes, oldest first.
  windowChanges?: readonly TimedChange[];
};

// A stored change (IncidentEvent.changes: { field, alertId?, from, to }) with when its event arrived.
export type TimedChange = { at: Date; field: string; alertId?: string; from: string | null; to: string };

// One event of a coalescing window, as email-context.ts loads it.
export type WindowEvent = { kind: string; receivedAt: Date; alertExternalIds: readonly string[]; changes: readonly TimedChange[] };

// The events of a window (the window's own first) as one event: it is a new-incident email when the window
// opened with the incident's creation, it brings the alerts of every event, and it lists their changes.
export function coalescedContext(first: EventContext, events: readonly WindowEvent[]): EventContext {
  const ordered = [...events].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const alertIds = new Set(first.alertExternalIds);
  for (const event of ordered) for (const id of event.alertExternalIds) alertIds.add(id);
  return { ...first, alertExternalIds: [...alertIds], windowChanges: ordered.flatMap((event) => event.changes) };
}

export type EmailOptions = { language: Language; includeOrganizationName: boolean; includeTenantPortalLink: boolean };

// The portal link carries `?tid=` only when a choosing rule asks for a tenant-specific link. Without the
// option any `tid` the sender put in the link is removed, so the link works for whoever opens it in their
// own tenant. Only a Defender portal address is a link at all (rows stored before ingest checked the host
// may name any): anything else gives null.
export function incidentUrl(webUrl: string | null, tenantId: string | null): string | null {
  if (!webUrl || !isDefenderPortalUrl(webUrl)) return null;
  const url = new URL(webUrl);
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase() === 'tid') url.searchParams.delete(name);
  }
  if (tenantId) url.searchParams.set('tid', tenantId);
  return url.toString();
}

// The incident's link as the payload gave it when it is a Defender portal address, else the incident in the
// Defender portal by its id.
export function incidentLink(incident: Pick<StoredIncident, 'externalId' | 'incidentWebUrl'>, tenantId: string | null): string | null {
  return incidentUrl(incident.incidentWebUrl, tenantId) ?? incidentUrl(defenderIncidentUrl(incident.externalId), tenantId);
}

// The organization's own Microsoft tenant id wins: the payload's is whatever the sender wrote. It is used
// only for an organization that has not set its own.
export function portalTenantId(
  ctx: { tenant: EventContext['tenant']; incident: Pick<StoredIncident, 'sourceTenantId'> },
  options: Pick<EmailOptions, 'includeTenantPortalLink'>,
): string | null {
  if (!options.includeTenantPortalLink) return null;
  return ctx.tenant.microsoftTenantId || ctx.incident.sourceTenantId || null;
}

export function buildIncidentEmailProps(
  ctx: EventContext,
  scope: EmailScope,
  options: EmailOptions,
  timeZone: string,
): IncidentEmailProps {
  const byId = new Map(ctx.alerts.map((alert) => [alert.externalId, alert]));
  const shownIds = new Set(scope.alertExternalIds);
  const eventAlerts = ctx.alertExternalIds.filter((id) => shownIds.has(id)).flatMap((id) => byId.get(id) ?? []);
  const shownGroups = new Set(scope.deviceGroupIds);
  const groupNames = new Map([...ctx.groupNames].filter(([id]) => shownGroups.has(id)));
  const alerts: EmailAlert[] = eventAlerts.map((alert) => ({
    title: alert.title,
    severity: alert.severity,
    serviceSource: alert.serviceSource,
    detectionSource: alert.detectionSource,
    deviceGroups: groupNamesOf([alert], groupNames),
  }));
  const incident = ctx.incident;
  // A scoped email draws incident-wide facts (severity, categories, first activity) from its own alerts
  // only: the incident's may come from alerts in groups the recipient may not see.
  const scoped = scope.scopeLimited;
  const activityAlerts = scoped ? eventAlerts : ctx.alerts;
  const categories = scoped ? [...new Set(eventAlerts.flatMap((alert) => alert.category ?? []))].sort() : incident.categories;
  const severity = scoped ? highestSeverity(eventAlerts) ?? incident.severity : incident.severity;
  return {
    locale: options.language,
    timeZone,
    organizationName: options.includeOrganizationName ? ctx.tenant.name : null,
    eventKind: ctx.eventKind === 'created' ? 'created' : 'updated',
    incident: {
      externalId: incident.externalId,
      displayName: incident.displayName,
      severity,
      status: incident.status,
      categories,
      firstActivity: iso(earliest(activityAlerts.map((a) => a.firstActivity)) ?? incident.createdDateTime),
      lastUpdate: iso(incident.lastUpdateDateTime),
      url: incidentLink(incident, portalTenantId(ctx, options)),
    },
    alerts,
    deviceGroups: groupNamesOf(eventAlerts, groupNames),
    ...(ctx.windowChanges ? { changes: emailChanges(ctx.windowChanges, byId, shownIds, scoped) } : {}),
  };
}

// The window's changes this recipient may see: alert changes of the alerts the email shows only, and the
// incident's severity only when the email may draw incident-wide facts (it may come from hidden alerts).
function emailChanges(
  changes: readonly TimedChange[],
  alerts: ReadonlyMap<string, StoredAlert>,
  shownIds: ReadonlySet<string>,
  scoped: boolean,
): EmailChange[] {
  return changes.flatMap((change): EmailChange[] => {
    const at = change.at.toISOString();
    if (change.field === 'severity' || change.field === 'status') {
      if (scoped && change.field === 'severity') return [];
      return [{ at, kind: change.field, alertTitle: null, from: change.from, to: change.to }];
    }
    if (!change.alertId || !shownIds.has(change.alertId)) return [];
    const alert = alerts.get(change.alertId);
    const alertTitle = alert?.title ?? null;
    if (change.field === 'alert') return [{ at, kind: 'alertAdded', alertTitle, from: null, to: alert?.severity ?? '' }];
    if (change.field === 'alert.severity') return [{ at, kind: 'alertSeverity', alertTitle, from: change.from, to: change.to }];
    if (change.field === 'alert.status') return [{ at, kind: 'alertStatus', alertTitle, from: change.from, to: change.to }];
    return [];
  });
}

const SEVERITY_ORDER = ['informational', 'low', 'medium', 'high'];

// The most severe known severity among the alerts; null when none is known (the incident's is kept then:
// an unknown value reveals nothing about other alerts).
function highestSeverity(alerts: readonly StoredAlert[]): string | null {
  const ranks = alerts.map((alert) => SEVERITY_ORDER.indexOf(alert.severity)).filter((rank) => rank >= 0);
  return ranks.length ? SEVERITY_ORDER[Math.max(...ranks)]! : null;
}

function groupNamesOf(alerts: readonly StoredAlert[], names: ReadonlyMap<string, string>): string[] {
  const found = new Set(alerts.flatMap((alert) => alert.deviceGroupIds.flatMap((id) => names.get(id) ?? [])));
  return [...found].sort((a, b) => a.localeCompare(b));
}

function earliest(dates: (Date | null)[]): Date | null {
  const times = dates.flatMap((date) => (date ? [date.getTime()] : []));
  return times.length ? new Date(Math.min(...times)) : null;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export type TestEmailContext = { ruleName: string; tenant: { name: string; microsoftTenantId: string | null } };

// The built-in sample incident as a new-incident email, shaped by the rule's options exactly as a real one
// would be: the body of every test notification, and what the email preview shows before any real incident.
export function buildSampleIncidentEmailProps(
  tenant: TestEmailContext['tenant'],
  options: EmailOptions,
  timeZone: string,
): IncidentEmailProps {
  const tenantId = options.includeTenantPortalLink ? tenant.microsoftTenantId : null;
  return {
    locale: options.language,
    timeZone,
    organizationName: options.includeOrganizationName ? tenant.name : null,
    eventKind: 'created',
    incident: { ...SAMPLE_INCIDENT, url: incidentUrl(SAMPLE_INCIDENT.url, tenantId) },
    alerts: SAMPLE_ALERTS,
    deviceGroups: SAMPLE_DEVICE_GROUPS,
  };
}

// A test email shows the built-in sample incident exactly as the rule's options would shape a real one.
export function buildTestEmailProps(ctx: TestEmailContext, options: EmailOptions, timeZone: string): TestEmailProps {
  const { eventKind: _created, ...sample } = buildSampleIncidentEmailProps(ctx.tenant, options, timeZone);
  return { ...sample, ruleName: ctx.ruleName };
}
