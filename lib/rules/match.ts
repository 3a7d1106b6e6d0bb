import type { Language } from '@/lib/rules/catalog';

// Which recipients an incident event concerns. Pure: no I/O, no clock; the caller passes everything.

export type MatchAlert = {
  severity: string;
  serviceSource: string | null;
  detectionSource: string | null;
  // Our device group ids of the alert's devices; empty when it names no device.
  deviceGroupIds: readonly string[];
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
};

export type MatchEvent = {
  receivedAt: Date;
  // The alerts the event brings: all of a new incident's, or the new and changed ones of an update.
  alerts: readonly MatchAlert[];
};

export type PlannedDelivery = {
  email: string;
  language: Language;
  rules: { id: string; name: string }[];
  includeOrganizationName: boolean;
  includeTenantPortalLink: boolean;
};

function severityAndSourceMatch(rule: MatchRule, alert: MatchAlert): boolean {
  if (rule.allSources) return rule.severities.includes(alert.severity);
  // With sources selected, each selected source carries its own severities.
  return rule.sources.some(
    (source) =>
      source.serviceSource === alert.serviceSource &&
      (source.detectionSource === null || source.detectionSource === alert.detectionSource) &&
      source.severities.includes(alert.severity),
  );
}

function deviceGroupMatches(rule: MatchRule, alert: MatchAlert): boolean {
  if (rule.allDeviceGroups) return true;
  // An alert without a device cannot be in a selected group.
  return alert.deviceGroupIds.some((id) => rule.deviceGroupIds.includes(id));
}

export function ruleMatchesAlert(rule: MatchRule, alert: MatchAlert): boolean {
  return rule.enabled && severityAndSourceMatch(rule, alert) && deviceGroupMatches(rule, alert);
}

// One delivery per recipient, whatever number of rules chose them; an option any choosing rule turns on
// is on. `notifiedRuleIds` are the rules that already notified about this incident: a rule with
// "send only one notification per incident" stays silent for them.
export function planDeliveries(
  event: MatchEvent,
  rules: readonly MatchRule[],
  notifiedRuleIds: ReadonlySet<string>,
): PlannedDelivery[] {
  const byEmail = new Map<string, PlannedDelivery & { addedAt: Date }>();
  for (const rule of rules) {
    if (rule.oneNotificationPerIncident && notifiedRuleIds.has(rule.id)) continue;
    if (!event.alerts.some((alert) => ruleMatchesAlert(rule, alert))) continue;
    for (const recipient of rule.recipients) {
      // No backfill: a recipient hears only of events received after they were added.
      if (recipient.addedAt.getTime() > event.receivedAt.getTime()) continue;
      const email = recipient.email.toLowerCase();
      const planned = byEmail.get(email);
      if (!planned) {
        byEmail.set(email, {
          email,
          language: recipient.language,
          addedAt: recipient.addedAt,
          rules: [{ id: rule.id, name: rule.name }],
          includeOrganizationName: rule.includeOrganizationName,
          includeTenantPortalLink: rule.includeTenantPortalLink,
        });
        continue;
      }
      planned.rules.push({ id: rule.id, name: rule.name });
      planned.includeOrganizationName ||= rule.includeOrganizationName;
      planned.includeTenantPortalLink ||= rule.includeTenantPortalLink;
      // The same address in two rules with two languages: the longest-standing choice wins, so the
      // language does not flip with the order rules happen to be read in.
      if (recipient.addedAt.getTime() < planned.addedAt.getTime()) {
        planned.language = recipient.language;
        planned.addedAt = recipient.addedAt;
      }
    }
  }
  return [...byEmail.values()]
    .map(({ addedAt: _addedAt, ...delivery }) => delivery)
    .sort((a, b) => a.email.localeCompare(b.email));
}
