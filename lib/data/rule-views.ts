import type { AlertSeverity } from '@/lib/rules/catalog';
import type { Language } from '@/lib/i18n/languages';
import type { RuleInput } from '@/lib/validation/rule';

// Plain, serialisable shapes handed from server components to client components. Never a Prisma row.

export type DeviceGroupOption = { id: string; name: string };

export type RuleView = {
  id: string;
  name: string;
  description: string;
  severities: AlertSeverity[];
  allDeviceGroups: boolean;
  // Only the groups the viewer may see; the rule's other groups are counted, not named.
  deviceGroups: DeviceGroupOption[];
  hiddenDeviceGroupCount: number;
  // The viewer manages every group the rule concerns: otherwise it is read-only to them.
  canManage: boolean;
  recipientCount: number;
  enabled: boolean;
  createdAt: string; // ISO 8601
  createdBy: string | null; // display name, null when that user no longer exists
  updatedAt: string;
  updatedBy: string | null;
  recipients: { email: string; language: Language; addedAt: string }[];
  // Recipients the provider will not deliver to (hard bounce, complaint, suppression), flagged in the list
  // and the side pane.
  undeliverableRecipients: { email: string; status: 'bounced' | 'complained' | 'suppressed'; reason: string | null; at: string }[];
  // The rule exactly as the wizard edits it.
  values: RuleInput;
};

export type DeviceGroupView = {
  id: string;
  name: string;
  rbacGroupId: string | null;
  // Names of the rules that use this group: a group in use cannot be removed.
  usedByRules: string[];
  updatedAt: string;
};
