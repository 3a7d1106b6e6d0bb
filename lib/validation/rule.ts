import { z } from 'zod';
import {
  ALERT_SEVERITIES,
  DETECTION_SOURCE_VALUES,
  SERVICE_SOURCE_VALUES,
  isDetectionSourceOf,
} from '@/lib/rules/catalog';
import { LANGUAGES } from '@/lib/i18n/languages';
import { coalescingSchema, recipientCapSchema } from '@/lib/validation/email-volume';

// One schema per wizard step, composed into the whole rule. The browser validates each step with these
// (zodResolver) and the server re-validates the whole rule with `ruleSchema`, the same objects.
// Messages are i18n keys in the `validation` namespace, translated where they are shown.

export const RULE_NAME_MAX = 100;
export const RULE_DESCRIPTION_MAX = 1000;
export const RECIPIENTS_MAX = 50;
export const EMAIL_MAX = 254;

const severity = z.enum(ALERT_SEVERITIES);
const severities = z.array(severity).min(1, 'severityRequired').max(ALERT_SEVERITIES.length);

export const basicsShape = {
  name: z.string().trim().min(1, 'nameRequired').max(RULE_NAME_MAX, 'nameTooLong'),
  description: z.string().trim().max(RULE_DESCRIPTION_MAX, 'descriptionTooLong'),
};

export const sourceFilterSchema = z.object({
  serviceSource: z.enum(SERVICE_SOURCE_VALUES),
  // null: the whole service source, whatever detected the alert.
  detectionSource: z.enum(DETECTION_SOURCE_VALUES).nullable(),
  severities,
});

export const notificationSettingsShape = {
  severities,
  deviceGroupScope: z.enum(['all', 'selected']),
  deviceGroupIds: z.array(z.uuid('deviceGroupUnknown')).max(500),
  sourceScope: z.enum(['all', 'selected']),
  sources: z.array(sourceFilterSchema).max(200),
  oneNotificationPerIncident: z.boolean(),
  includeOrganizationName: z.boolean(),
  includeTenantPortalLink: z.boolean(),
  // "Reduce email volume". Optional so that rule documents written before they existed stay valid;
  // absent means off (lib/data/rules.ts stores the defaults), and a stored rule always reads back with both.
  coalescing: coalescingSchema.optional(),
  recipientCap: recipientCapSchema.nullable().optional(),
};

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, 'emailInvalid')
  .pipe(z.email('emailInvalid'));

export const recipientSchema = z.object({
  email: emailSchema,
  language: z.enum(LANGUAGES),
});

export const recipientsShape = {
  recipients: z.array(recipientSchema).min(1, 'recipientRequired').max(RECIPIENTS_MAX, 'tooManyRecipients'),
};

type SettingsValue = z.infer<z.ZodObject<typeof notificationSettingsShape>>;
type RecipientsValue = z.infer<z.ZodObject<typeof recipientsShape>>;

function refineSettings(value: SettingsValue, ctx: z.RefinementCtx) {
  if (value.deviceGroupScope === 'selected' && value.deviceGroupIds.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['deviceGroupIds'], message: 'deviceGroupRequired' });
  }
  if (new Set(value.deviceGroupIds).size !== value.deviceGroupIds.length) {
    ctx.addIssue({ code: 'custom', path: ['deviceGroupIds'], message: 'deviceGroupDuplicate' });
  }
  if (value.sourceScope === 'selected' && value.sources.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['sources'], message: 'sourceRequired' });
  }
  const seen = new Set<string>();
  value.sources.forEach((source, index) => {
    if (source.detectionSource !== null && !isDetectionSourceOf(source.serviceSource, source.detectionSource)) {
      ctx.addIssue({ code: 'custom', path: ['sources', index, 'detectionSource'], message: 'sourceMismatch' });
    }
    const key = `${source.serviceSource}/${source.detectionSource ?? '*'}`;
    if (seen.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['sources', index], message: 'sourceDuplicate' });
    }
    seen.add(key);
  });
}

export function refineRecipients(value: RecipientsValue, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  value.recipients.forEach((recipient, index) => {
    if (seen.has(recipient.email)) {
      ctx.addIssue({ code: 'custom', path: ['recipients', index, 'email'], message: 'emailDuplicate' });
    }
    seen.add(recipient.email);
  });
}

export const basicsSchema = z.object(basicsShape);
export const notificationSettingsSchema = z.object(notificationSettingsShape).superRefine(refineSettings);
export const recipientsSchema = z.object(recipientsShape).superRefine(refineRecipients);

export const ruleSchema = z
  .object({ ...basicsShape, ...notificationSettingsShape, ...recipientsShape })
  .superRefine((value, ctx) => {
    refineSettings(value, ctx);
    refineRecipients(value, ctx);
  });

export type RuleInput = z.infer<typeof ruleSchema>;
// What the form holds before parsing (identical here: no transforms change the shape).
export type RuleFormValues = z.input<typeof ruleSchema>;

export const ruleIdSchema = z.object({ id: z.uuid('ruleNotFound') });
export const updateRuleSchema = z.object({ id: z.uuid('ruleNotFound'), rule: ruleSchema });
export const setRuleEnabledSchema = z.object({ id: z.uuid('ruleNotFound'), enabled: z.boolean() });
