// What the matcher decided for each rule of an incident event, as planDeliveries found it: recorded with
// the event (IncidentEvent.decisions) so the incident page says why each rule did or did not email whom,
// from the very predicates that decided, never from a second implementation.
//
// Compact on purpose (issue 10: no extra round trip, no row per rule): rule ids grouped by the first
// predicate they failed, and for a rule that matched only the recipients it did not email, with why.
// A rule the tenant had at decision time and that appears nowhere took none of the event's alert
// severities: the severity index skipped it without looking (the commonest case, so it costs nothing).
// Whom a matching rule emailed is not repeated here: its Delivery rows (linked by DeliveryRule) say it.

// The predicates, in the order the matcher applies them to an alert; a rule fails at the furthest one any
// of the event's alerts reached, so "device group outside the scope" wins over "severity not selected".
export const RULE_MISSES = ['severity', 'source', 'detectionSource', 'sourceSeverity', 'deviceGroup'] as const;
export type RuleMiss = (typeof RULE_MISSES)[number];

// Why a matching rule did not email one of its recipients.
export const RECIPIENT_MISSES = ['addedAfter', 'alreadyNotified', 'recipientScope'] as const;
export type RecipientMiss = (typeof RECIPIENT_MISSES)[number];

export type RuleDecisions = {
  // Rules switched off when the event was received.
  disabled: string[];
  missed: Partial<Record<RuleMiss, string[]>>;
  // Rule id -> the recipients (lower-cased) it did not email and why; {} when it emailed all of them.
  matched: Record<string, Record<string, RecipientMiss>>;
};

export function emptyDecisions(): RuleDecisions {
  return { disabled: [], missed: {}, matched: {} };
}

export type RuleVerdict =
  | { kind: 'matched'; recipients: Readonly<Record<string, RecipientMiss>> }
  | { kind: 'disabled' }
  | { kind: 'missed'; reason: RuleMiss }
  // The rule was not among the tenant's rules at decision time (created later).
  | { kind: 'unknown' };

// The verdict on one rule, read back from a stored record. `existedAtDecision` says whether the rule was
// created before the event was received; such a rule recorded nowhere was skipped on severity.
export function verdictFor(decisions: RuleDecisions, ruleId: string, existedAtDecision: boolean): RuleVerdict {
  const recipients = decisions.matched[ruleId];
  if (recipients) return { kind: 'matched', recipients };
  if (decisions.disabled.includes(ruleId)) return { kind: 'disabled' };
  for (const reason of RULE_MISSES) {
    if (decisions.missed[reason]?.includes(ruleId)) return { kind: 'missed', reason };
  }
  return existedAtDecision ? { kind: 'missed', reason: 'severity' } : { kind: 'unknown' };
}

// Every rule id the record names, for looking up rules deleted since.
export function recordedRuleIds(decisions: RuleDecisions): string[] {
  return [...decisions.disabled, ...Object.values(decisions.missed).flat(), ...Object.keys(decisions.matched)];
}

// A stored record read back from JSON (older events have none: null).
export function parseDecisions(value: unknown): RuleDecisions | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Partial<RuleDecisions>;
  if (!Array.isArray(record.disabled) || typeof record.missed !== 'object' || typeof record.matched !== 'object') return null;
  return { disabled: record.disabled, missed: record.missed ?? {}, matched: record.matched ?? {} };
}
