import { ALL_GROUPS, scopeIncludesGroup, unionScopes, groupsScope, type GroupScope } from '@/lib/auth/scope';
import type { Language } from '@/lib/i18n/languages';
import type { RecipientMiss, RuleDecisions, RuleMiss } from '@/lib/rules/decisions';

// Which recipients an incident event concerns. Pure: no I/O, no clock; the caller passes everything.

export type MatchAlert = {
  externalId: string;
  severity: string;
  serviceSource: string | null;
  detectionSource: string | null;
  // Our device group ids of the alert's devices; empty when it names no device.
  deviceGroupIds: readonly string[];
  // New to the incident with this event (all of a new incident's are): a new High-severity one may end a
  // coalescing window at once.
  added?: boolean;
};

export type MatchRule = {
  id: string;
  name: string;
  enabled: boolean;
  severities: readonly string[];
  allDeviceGroups: boolean;
  deviceGroupIds: readonly string[];
  allSources: boolean;
  sources: readonly { serviceSource: string; detectionSource: string | null; severities: readonly string[] }[];
  oneNotificationPerIncident: boolean;
  includeOrganizationName: boolean;
  includeTenantPortalLink: boolean;
  recipients: readonly { email: string; language: Language; addedAt: Date }[];
  // Coalescing window in minutes (absent or 0: an email per event) and whether a new High-severity alert
  // is sent at once anyway.
  coalesceMinutes?: number;
  coalesceBypassHigh?: boolean;
};

export type MatchEvent = {
  receivedAt: Date;
  // The alerts the event brings: all of a new incident's, or the new and changed ones of an update.
  alerts: readonly MatchAlert[];
};

// Why an email leaves alerts of its event out, or is not sent at all (status `filtered`).
export type FilterReason = 'ruleScope' | 'recipientScope' | 'recipientCannotView';

export type PlannedDelivery = {
  email: string;
  language: Language;
  rules: { id: string; name: string }[];
  includeOrganizationName: boolean;
  includeTenantPortalLink: boolean;
  status: 'queued' | 'filtered';
  // What the email may show: these alerts of the event, and these device groups of theirs. A filtered
  // delivery shows nothing; its deviceGroupIds are the groups it concerned (for the delivery log).
  alertExternalIds: string[];
  deviceGroupIds: string[];
  withheldAlertCount: number;
  filterReason: FilterReason | null;
  // The recipient may not see every device group: nothing incident-wide may come from alerts not shown.
  scopeLimited: boolean;
  // How long to wait for more changes of the incident before emailing (0: now). See waitMinutesFor.
  waitMinutes: number;
};

// The device groups whose incidents each portal user may view, by lower-cased address. An address that
// is not a user of the tenant is absent: it may receive what the choosing rules' scope allows.
export type RecipientScopes = ReadonlyMap<string, GroupScope>;

// How far an alert gets through a rule's predicates: the first one it fails (a RuleMiss), or MATCHED.
// The same function decides and explains, so the recorded reason is the deciding one. Returns a
// constant string: nothing is allocated per rule × alert.
const MATCHED = 'matched';
type AlertVerdict = RuleMiss | typeof MATCHED;
// The predicates' order: a rule that fails on every alert reports the furthest any alert got.
const STAGE: Record<AlertVerdict, number> = { severity: 0, source: 1, detectionSource: 2, sourceSeverity: 3, deviceGroup: 4, matched: 5 };

function severityAndSourceVerdict(rule: MatchRule, alert: MatchAlert): AlertVerdict {
  if (rule.allSources) return rule.severities.includes(alert.severity) ? MATCHED : 'severity';
  // With sources selected, each selected source carries its own severities.
  let furthest: AlertVerdict = 'source';
  for (const source of rule.sources) {
    if (source.serviceSource !== alert.serviceSource) continue;
    if (source.detectionSource !== null && source.detectionSource !== alert.detectionSource) {
      if (STAGE[furthest] < STAGE.detectionSource) furthest = 'detectionSource';
      continue;
    }
    if (source.severities.includes(alert.severity)) return MATCHED;
    furthest = 'sourceSeverity';
  }
  return furthest;
}

function alertVerdict(rule: MatchRule, alert: MatchAlert, scope: GroupScope): AlertVerdict {
  const verdict = severityAndSourceVerdict(rule, alert);
  if (verdict !== MATCHED) return verdict;
  // An alert without a device cannot be in a selected group.
  return rule.allDeviceGroups || alertInScope(scope, alert) ? MATCHED : 'deviceGroup';
}

// Most rules of a large tenant fail on severity alone. Each rules array (ingest passes the same one for
// every event of its tenant snapshot) gets an index from severity to the positions of the rules that take
// it from any of their sources; an event is matched only against the rules under its alerts' severities,
// in their original order (the order decides ties between rules, see delivery).
// Disabled rules are in no position list; their ids are kept for the decision record.
type SeverityIndex = { positions: Map<string, number[]>; bySeverities: Map<string, MatchRule[]>; disabled: string[] };
const severityIndexes = new WeakMap<readonly MatchRule[], SeverityIndex>();

function severityIndex(rules: readonly MatchRule[]): SeverityIndex {
  let index = severityIndexes.get(rules);
  if (index) return index;
  const positions = new Map<string, number[]>();
  const disabled: string[] = [];
  rules.forEach((rule, position) => {
    if (!rule.enabled) {
      disabled.push(rule.id);
      return;
    }
    const taken = rule.allSources ? rule.severities : rule.sources.flatMap((source) => source.severities);
    for (const severity of new Set(taken)) {
      // Appended in place: copying the list for every rule made a 10,000-rule index cost ~700 MB of garbage.
      const list = positions.get(severity);
      if (list) list.push(position);
      else positions.set(severity, [position]);
    }
  });
  index = { positions, bySeverities: new Map(), disabled };
  severityIndexes.set(rules, index);
  return index;
}

function rulesTakingSeverities(index: SeverityIndex, rules: readonly MatchRule[], alerts: readonly MatchAlert[]): readonly MatchRule[] {
  const severities = [...new Set(alerts.map((alert) => alert.severity))].sort();
  // The few combinations of severities that occur are remembered with the index.
  const key = severities.join(' ');
  let taking = index.bySeverities.get(key);
  if (!taking) {
    const positions = new Set(severities.flatMap((severity) => index.positions.get(severity) ?? []));
    taking = [...positions].sort((a, b) => a - b).map((position) => rules[position]!);
    if (index.bySeverities.size < 64) index.bySeverities.set(key, taking);
  }
  return taking;
}

// `scope` is ruleScope(rule), passed in by callers that test many alerts against one rule.
export function ruleMatchesAlert(rule: MatchRule, alert: MatchAlert, scope: GroupScope = ruleScope(rule)): boolean {
  return rule.enabled && alertVerdict(rule, alert, scope) === MATCHED;
}

// Alert visibility: an all-groups scope sees every alert, a listed scope only alerts with a device in
// one of its groups (an alert naming no device belongs to no group).
// A loop, not `some` with a closure: it runs for every rule × alert of every event.
function alertInScope(scope: GroupScope, alert: MatchAlert): boolean {
  if (scope.all) return true;
  for (const id of alert.deviceGroupIds) if (scope.groupIds.has(id)) return true;
  return false;
}

// Built once per rule object: ingest matches every event against the same rule objects (its tenant
// snapshot), so each rule's group set is made once, not once per event.
const scopes = new WeakMap<MatchRule, GroupScope>();

function ruleScope(rule: MatchRule): GroupScope {
  if (rule.allDeviceGroups) return ALL_GROUPS;
  let scope = scopes.get(rule);
  if (!scope) scopes.set(rule, (scope = groupsScope(rule.deviceGroupIds)));
  return scope;
}

// `scope` is the rule's device-group scope, built once per rule rather than once per alert.
type Candidate = { rule: MatchRule; scope: GroupScope; language: Language; addedAt: Date; matched: MatchAlert[] };

// Who already got an email about this incident from which rule (sent or on its way, not filtered away).
export function notificationKey(ruleId: string, email: string): string {
  return `${ruleId} ${email.toLowerCase()}`;
}

// One delivery per recipient, whatever number of rules chose them; an option any choosing rule turns on
// is on. `notified` holds notificationKey(rule, recipient) of the emails already sent about this incident:
// a rule with "send only one notification per incident" stays silent for those recipients (and only
// those: a recipient who saw nothing of the incident yet, e.g. filtered by RBAC, still hears of it once).
//
// What a recipient sees is limited twice: to the device groups of the rules that chose them, and, for a
// portal user (`recipientScopes`), to the groups they may view. A rule chooses a user only through alerts
// they may see; a user left with none gets a `filtered` delivery (never sent) that says why.
//
// `decisions`, when given, is filled with why each rule did or did not email whom (decisions.ts), by the
// same tests that decide: ingest stores it with the event, the dry run shows it.
export function planDeliveries(
  event: MatchEvent,
  rules: readonly MatchRule[],
  notified: ReadonlySet<string>,
  recipientScopes: RecipientScopes = new Map(),
  decisions?: RuleDecisions,
): PlannedDelivery[] {
  const byEmail = new Map<string, Candidate[]>();
  const index = severityIndex(rules);
  // The index's own list, not a copy: the record is serialised as it is and never added to.
  if (decisions) decisions.disabled = index.disabled;
  for (const rule of rulesTakingSeverities(index, rules, event.alerts)) {
    const scope = ruleScope(rule);
    let matched: MatchAlert[] | null = null;
    let furthest: AlertVerdict = 'severity';
    for (const alert of event.alerts) {
      const verdict = alertVerdict(rule, alert, scope);
      if (verdict === MATCHED) (matched ??= []).push(alert);
      else if (STAGE[verdict] > STAGE[furthest]) furthest = verdict;
    }
    if (matched === null) {
      if (decisions) (decisions.missed[furthest as RuleMiss] ??= []).push(rule.id);
      continue;
    }
    const misses: Record<string, RecipientMiss> | undefined = decisions ? (decisions.matched[rule.id] = {}) : undefined;
    for (const recipient of rule.recipients) {
      const email = recipient.email.toLowerCase();
      // No backfill: a recipient hears only of events received after they were added.
      if (recipient.addedAt.getTime() > event.receivedAt.getTime()) {
        if (misses) misses[email] = 'addedAfter';
        continue;
      }
      if (rule.oneNotificationPerIncident && notified.has(notificationKey(rule.id, email))) {
        if (misses) misses[email] = 'alreadyNotified';
        continue;
      }
      const candidates = byEmail.get(email) ?? [];
      candidates.push({ rule, scope, language: recipient.language, addedAt: recipient.addedAt, matched });
      byEmail.set(email, candidates);
    }
  }
  return [...byEmail.entries()]
    .map(([email, candidates]) => planFor(email, candidates, event, recipientScopes.get(email) ?? ALL_GROUPS, decisions))
    // Code-unit order: deterministic like localeCompare, without its cost per comparison.
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

function planFor(email: string, candidates: Candidate[], event: MatchEvent, viewScope: GroupScope, decisions?: RuleDecisions): PlannedDelivery {
  const choosing = viewScope.all
    ? candidates
    : candidates.filter((candidate) => candidate.matched.some((alert) => alertInScope(viewScope, alert)));
  // A rule whose matching alerts this user may not view did not choose them, though another rule did: its
  // own miss. (When no rule chose them, the filtered delivery and its rules say so.)
  if (decisions && choosing.length > 0 && choosing.length < candidates.length) {
    for (const candidate of candidates) {
      if (!choosing.includes(candidate)) decisions.matched[candidate.rule.id]![email] = 'recipientScope';
    }
  }
  if (choosing.length === 0) {
    const cannotView = !viewScope.all && viewScope.groupIds.size === 0;
    // Never sent; it records the groups it concerned, so the log shows it to those who may see them.
    const concerned = candidates.flatMap(({ scope, matched }) =>
      matched.flatMap((alert) => alert.deviceGroupIds.filter((id) => scopeIncludesGroup(scope, id))),
    );
    return delivery(email, candidates, {
      status: 'filtered',
      alertExternalIds: [],
      deviceGroupIds: [...new Set(concerned)].sort(),
      withheldAlertCount: event.alerts.length,
      filterReason: cannotView ? 'recipientCannotView' : 'recipientScope',
      scopeLimited: true,
      waitMinutes: 0,
    });
  }
  const rulesScope = choosing.length === 1 ? choosing[0]!.scope : unionScopes(choosing.map((candidate) => candidate.scope));
  // One pass over the event's alerts: what is shown, its groups, and why the rest is withheld. This runs
  // for every recipient of every event, so it builds no intermediate arrays.
  const alertExternalIds: string[] = [];
  const groups = new Set<string>();
  let withheldAlertCount = 0;
  let withheldFromView = false;
  let newHighShown = false;
  for (const alert of event.alerts) {
    if (!alertInScope(viewScope, alert)) {
      withheldAlertCount++;
      withheldFromView = true;
    } else if (!alertInScope(rulesScope, alert)) {
      withheldAlertCount++;
    } else {
      alertExternalIds.push(alert.externalId);
      if (alert.added === true && alert.severity === 'high') newHighShown = true;
      for (const id of alert.deviceGroupIds) {
        if (scopeIncludesGroup(rulesScope, id) && scopeIncludesGroup(viewScope, id)) groups.add(id);
      }
    }
  }
  return delivery(email, choosing, {
    status: 'queued',
    alertExternalIds,
    deviceGroupIds: [...groups].sort(),
    withheldAlertCount,
    filterReason: withheldAlertCount === 0 ? null : withheldFromView ? 'recipientScope' : 'ruleScope',
    scopeLimited: !rulesScope.all || !viewScope.all,
    waitMinutes: waitMinutesFor(choosing, newHighShown),
  });
}

// The coalescing wait of one recipient's email: the shortest window of the rules choosing it, so a rule
// that wants every change at once (0) is never delayed by another's window; and none when the email shows
// a new High-severity alert and a choosing rule lets such an alert through at once.
export function waitMinutesFor(candidates: readonly { rule: MatchRule }[], newHighShown: boolean): number {
  let wait = Number.POSITIVE_INFINITY;
  for (const { rule } of candidates) {
    const minutes = rule.coalesceMinutes ?? 0;
    if (minutes <= 0 || (newHighShown && rule.coalesceBypassHigh === true)) return 0;
    if (minutes < wait) wait = minutes;
  }
  return Number.isFinite(wait) ? wait : 0;
}

type Outcome = Pick<
  PlannedDelivery,
  'status' | 'alertExternalIds' | 'deviceGroupIds' | 'withheldAlertCount' | 'filterReason' | 'scopeLimited' | 'waitMinutes'
>;

// One object literal with every field spelled out: built with `{ ...basics, ...outcome }` (object spread)
// V8 made each delivery far larger and slower, and a 10,000-rule match spent its 99th percentile in the
// garbage collector (see BENCHMARKS.md).
function delivery(email: string, candidates: Candidate[], outcome: Outcome): PlannedDelivery {
  // The same address in two rules with two languages: the longest-standing choice wins, so the language
  // does not flip with the order rules happen to be read in.
  const first = candidates.reduce((a, b) => (b.addedAt.getTime() < a.addedAt.getTime() ? b : a));
  const rules =
    candidates.length === 1
      ? [{ id: first.rule.id, name: first.rule.name }]
      : [...new Map(candidates.map(({ rule }) => [rule.id, { id: rule.id, name: rule.name }])).values()];
  return {
    email,
    language: first.language,
    rules,
    includeOrganizationName: candidates.some(({ rule }) => rule.includeOrganizationName),
    includeTenantPortalLink: candidates.some(({ rule }) => rule.includeTenantPortalLink),
    status: outcome.status,
    alertExternalIds: outcome.alertExternalIds,
    deviceGroupIds: outcome.deviceGroupIds,
    withheldAlertCount: outcome.withheldAlertCount,
    filterReason: outcome.filterReason,
    scopeLimited: outcome.scopeLimited,
    waitMinutes: outcome.waitMinutes,
  };
}
