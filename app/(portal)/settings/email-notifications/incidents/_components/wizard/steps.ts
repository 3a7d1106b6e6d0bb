import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import {
  basicsSchema,
  basicsShape,
  notificationSettingsSchema,
  notificationSettingsShape,
  recipientsSchema,
  recipientsShape,
  ruleSchema,
  type RuleFormValues,
  type RuleInput,
} from '@/lib/validation/rule';

export type RuleResolver = Resolver<RuleFormValues, unknown, RuleInput>;

// The wizard's steps, in order. Each step validates with its own schema (the pieces `ruleSchema` is made of);
// the review step validates the whole rule, exactly as the server will.
export const WIZARD_STEPS = [
  { id: 'basics', fields: Object.keys(basicsShape), resolver: zodResolver(basicsSchema) },
  { id: 'notificationSettings', fields: Object.keys(notificationSettingsShape), resolver: zodResolver(notificationSettingsSchema) },
  { id: 'recipients', fields: Object.keys(recipientsShape), resolver: zodResolver(recipientsSchema) },
  { id: 'review', fields: [], resolver: zodResolver(ruleSchema) },
] as const;

export type WizardStepId = (typeof WIZARD_STEPS)[number]['id'];
export const REVIEW_STEP = WIZARD_STEPS.length - 1;

// A step's resolver only knows its own fields; the form holds them all, so widen its type to the whole rule.
export function stepResolver(step: number): RuleResolver {
  return WIZARD_STEPS[step].resolver as unknown as RuleResolver;
}

// The step that shows a field, from its dotted path ("recipients.1.email" -> recipients); review when unknown.
export function stepOfField(path: string): number {
  const top = path.split('.')[0] ?? '';
  const index = WIZARD_STEPS.findIndex((step) => (step.fields as readonly string[]).includes(top));
  return index === -1 ? REVIEW_STEP : index;
}

// A new rule covers all device groups, unless the user may not choose that (they don't manage every group).
export function emptyRule(deviceGroupScope: RuleFormValues['deviceGroupScope'] = 'all'): RuleFormValues {
  return {
    name: '',
    description: '',
    severities: [],
    deviceGroupScope,
    deviceGroupIds: [],
    sourceScope: 'all',
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [],
    coalescing: { windowMinutes: 0, highSeverityBypass: false },
    recipientCap: null,
  };
}
