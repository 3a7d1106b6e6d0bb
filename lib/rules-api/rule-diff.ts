import { ALERT_SEVERITIES, type AlertSeverity } from '@/lib/rules/catalog';
import type { RuleInput } from '@/lib/validation/rule';
import { capToColumns, COALESCING_OFF } from '@/lib/validation/email-volume';

// Which fields of a rule document differ from a stored rule, for an import's preview. Compared as the
// rule behaves, not as it is spelled: the order of severities, groups, sources and recipients means
// nothing, and a selection under an "all" scope is not stored. Pure.

// The document's field names (lib/rules-api/rule-document.ts), in the wizard's order.
export const RULE_FIELDS = [
  'name',
  'description',
  'severities',
  'deviceGroupScope',
  'deviceGroups',
  'sourceScope',
  'sources',
  'oneNotificationPerIncident',
  'includeOrganizationName',
  'includeTenantPortalLink',
  'coalescing',
  'recipientCap',
  'recipients',
  'enabled',
] as const;

export type RuleField = (typeof RULE_FIELDS)[number];

const bySeverity = (values: readonly AlertSeverity[]) => ALERT_SEVERITIES.filter((severity) => values.includes(severity));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function comparable(values: RuleInput, enabled: boolean | undefined): Record<RuleField, unknown> {
  const sources = values.sourceScope === 'selected' ? values.sources : [];
  return {
    name: values.name,
    description: values.description,
    severities: bySeverity(values.severities),
    deviceGroupScope: values.deviceGroupScope,
    deviceGroups: values.deviceGroupScope === 'selected' ? [...values.deviceGroupIds].sort(byText) : [],
    sourceScope: values.sourceScope,
    sources: sources
      .map((source) => `${source.serviceSource}/${source.detectionSource ?? '*'}:${bySeverity(source.severities).join(',')}`)
      .sort(byText),
    oneNotificationPerIncident: values.oneNotificationPerIncident,
    includeOrganizationName: values.includeOrganizationName,
    includeTenantPortalLink: values.includeTenantPortalLink,
    // Absent is off; a limit given as null is the same as one left out.
    coalescing: values.coalescing ?? COALESCING_OFF,
    recipientCap: capToColumns(values.recipientCap),
    recipients: values.recipients.map((recipient) => `${recipient.email}:${recipient.language}`).sort(byText),
    enabled,
  };
}

// `enabled` absent from the document leaves the stored state as it is, so it is then no change.
export function changedRuleFields(
  current: { values: RuleInput; enabled: boolean },
  next: { input: RuleInput; enabled?: boolean },
): RuleField[] {
  const before = comparable(current.values, current.enabled);
  const after = comparable(next.input, next.enabled ?? current.enabled);
  return RULE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}
