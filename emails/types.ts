import type { Language } from '@/lib/i18n/languages';

// What the email templates receive. Every string here came from an incident payload unless noted: the
// templates treat it as untrusted (React escapes it; lengths are bounded before rendering).

export type EmailAlert = {
  title: string;
  severity: string;
  serviceSource: string | null;
  detectionSource: string | null;
  deviceGroups: string[];
};

export type EmailIncident = {
  externalId: string;
  displayName: string;
  severity: string;
  status: string;
  categories: string[];
  firstActivity: string | null; // ISO 8601
  lastUpdate: string | null; // ISO 8601
  // Already decided by the sender of the email: with `?tid=` when the rule asks for it, else without.
  url: string | null;
};

// One change in an email that brings several updates of an incident together (a coalescing window): what
// changed and when it arrived. `alertTitle` names the alert of an alert change.
export type EmailChange = {
  at: string; // ISO 8601
  kind: 'alertAdded' | 'alertSeverity' | 'alertStatus' | 'severity' | 'status';
  alertTitle: string | null;
  from: string | null;
  to: string;
};

export type IncidentEmailProps = {
  locale: Language;
  timeZone: string; // IANA name, stated in the email
  organizationName: string | null; // null unless a choosing rule includes it
  eventKind: 'created' | 'updated';
  incident: EmailIncident;
  alerts: EmailAlert[];
  deviceGroups: string[];
  // Present when the email brings several updates together: every change since the last email, oldest first.
  changes?: EmailChange[];
};

export type TestEmailProps = Omit<IncidentEmailProps, 'eventKind'> & { ruleName: string };

export type RenderedEmail = { subject: string; html: string; text: string };

// One incident email a cap held back, as the digest lists it.
export type DigestItem = {
  externalId: string;
  displayName: string;
  severity: string;
  heldAt: string; // ISO 8601: when the email would have gone out
  // Already decided by the sender, as for an incident email (`?tid=` only when its rule asks for it).
  url: string | null;
};

// One cap that held emails of this digest, and how many (names are the portal's, not a payload's).
export type DigestCap = {
  scope: 'rule' | 'address';
  ruleName: string | null;
  severity: string;
  limit: number;
  period: 'hour' | 'day';
  count: number;
};

export type DigestEmailProps = {
  locale: Language;
  timeZone: string;
  organizationName: string | null;
  items: DigestItem[];
  caps: DigestCap[];
  // Held emails about incidents the recipient may no longer see: counted, never named.
  leftOutCount: number;
};
