import type { EmailAlert, EmailChange, IncidentEmailProps, TestEmailProps } from '@/emails/types';

// Every string of an email comes from an incident payload someone else wrote. React escapes HTML; this file
// handles what escaping does not: line breaks and other control characters (header injection in the
// subject, broken plain text), bidi overrides (text that reads differently from what it is, e.g. a file
// name "invoice\u202Efdp.exe"), unbounded lengths and non-web link targets.

export const LIMITS = {
  name: 300,
  alertTitle: 300,
  alerts: 20,
  changes: 30,
  categories: 10,
  deviceGroups: 20,
  listItem: 100, // one category, device group, or source name
  externalId: 100,
  enumValue: 50, // severity, status
  organizationName: 200,
  ruleName: 200,
  url: 2048,
} as const;

// C0/C1 controls, DEL, line/paragraph separators, and the bidi marks, embeddings, overrides and isolates.
const CONTROL = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;
// Those of them that separate words: replaced by a space so "a\nb" does not become "ab".
const BREAKING = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/** One line of displayable text: no control or bidi characters, spaces collapsed, at most `max` code points. */
export function cleanText(value: string | null | undefined, max: number): string {
  if (!value) return '';
  const flat = value.replace(BREAKING, ' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/** Cuts on code points (never half a surrogate pair) and marks the cut with an ellipsis. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value; // UTF-16 length >= code points: nothing to cut
  const points = Array.from(value);
  if (points.length <= max) return value;
  return `${points.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/**
 * The link target as given, or null when it is not a plain web address. The URL is passed through unchanged
 * (the `?tid=` the sender chose must survive), so anything that would need rewriting is refused instead.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value || value.length > LIMITS.url) return null;
  // The URL parser silently drops tabs and newlines; a link that differs from what was sent is refused.
  if (/[\s\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // "https://security.microsoft.com@attacker.example" reads as Microsoft but goes elsewhere.
  if (url.username || url.password) return null;
  return value;
}

/** Props after `sanitizeEmailProps`: what the templates actually show. */
export type SafeEmailProps = Omit<IncidentEmailProps, 'eventKind' | 'alerts' | 'changes'> & {
  eventKind: IncidentEmailProps['eventKind'] | 'test';
  ruleName: string | null;
  alerts: EmailAlert[];
  changes: EmailChange[]; // empty unless the email brings several updates together; the newest when there are many
  earlierChanges: number; // older changes not listed
  moreAlerts: number; // alerts not listed ("and N more")
  moreCategories: number;
  moreDeviceGroups: number;
};

type AnyEmailProps = IncidentEmailProps | (TestEmailProps & { eventKind?: undefined });

/** The single place untrusted props are made safe; both templates and the subject go through it. */
export function sanitizeEmailProps(props: AnyEmailProps): SafeEmailProps {
  const { incident } = props;
  const isTest = 'ruleName' in props;
  const categories = cleanList(incident.categories, LIMITS.categories);
  const deviceGroups = cleanList(props.deviceGroups, LIMITS.deviceGroups);
  const alerts = props.alerts ?? [];
  const changes = ('changes' in props && props.changes) || [];
  return {
    locale: props.locale,
    timeZone: validTimeZone(props.timeZone),
    organizationName: cleanText(props.organizationName, LIMITS.organizationName) || null,
    eventKind: isTest ? 'test' : props.eventKind,
    ruleName: isTest ? cleanText(props.ruleName, LIMITS.ruleName) : null,
    incident: {
      externalId: cleanText(incident.externalId, LIMITS.externalId),
      displayName: cleanText(incident.displayName, LIMITS.name),
      severity: cleanText(incident.severity, LIMITS.enumValue),
      status: cleanText(incident.status, LIMITS.enumValue),
      categories: categories.items,
      firstActivity: validDate(incident.firstActivity),
      lastUpdate: validDate(incident.lastUpdate),
      url: safeHttpUrl(incident.url),
    },
    alerts: alerts.slice(0, LIMITS.alerts).map(cleanAlert),
    moreAlerts: Math.max(0, alerts.length - LIMITS.alerts),
    // The newest are kept: in a long burst they explain where the incident stands now.
    changes: changes.slice(-LIMITS.changes).flatMap(cleanChange),
    earlierChanges: Math.max(0, changes.length - LIMITS.changes),
    deviceGroups: deviceGroups.items,
    moreCategories: categories.more,
    moreDeviceGroups: deviceGroups.more,
  };
}

function cleanAlert(alert: EmailAlert): EmailAlert {
  return {
    title: cleanText(alert.title, LIMITS.alertTitle),
    severity: cleanText(alert.severity, LIMITS.enumValue),
    serviceSource: cleanText(alert.serviceSource, LIMITS.listItem) || null,
    detectionSource: cleanText(alert.detectionSource, LIMITS.listItem) || null,
    deviceGroups: cleanList(alert.deviceGroups, LIMITS.deviceGroups).items,
  };
}

// A change whose time cannot be read is left out rather than shown with a wrong one.
function cleanChange(change: EmailChange): EmailChange[] {
  const at = validDate(change.at);
  if (!at) return [];
  return [{
    at,
    kind: change.kind,
    alertTitle: change.alertTitle === null ? null : cleanText(change.alertTitle, LIMITS.alertTitle),
    from: change.from === null ? null : cleanText(change.from, LIMITS.enumValue),
    to: cleanText(change.to, LIMITS.enumValue),
  }];
}

function cleanList(values: readonly string[] | null | undefined, max: number): { items: string[]; more: number } {
  const unique = [...new Set((values ?? []).map((v) => cleanText(v, LIMITS.listItem)).filter(Boolean))];
  return { items: unique.slice(0, max), more: Math.max(0, unique.length - max) };
}

// An unknown zone would make Intl throw and the email would never go out: fall back to UTC, which the email states.
// Known zones are remembered: building a DateTimeFormat costs more than the rest of this file together.
const knownZones = new Map<string, string>();
export function validTimeZone(timeZone: string): string {
  const known = knownZones.get(timeZone);
  if (known) return known;
  try {
    const canonical = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
    knownZones.set(timeZone, canonical);
    return canonical;
  } catch {
    return 'UTC';
  }
}

export function validDate(value: string | null): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
