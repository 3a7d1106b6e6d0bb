import { z } from 'zod';
import { LANGUAGES } from '@/lib/i18n/languages';
import { notificationSettingsSchema } from '@/lib/validation/rule';

// The email preview of a rule (wizard Review step, side pane). Only the Notification settings step shapes an
// incident email (which alerts match, the organization name, the portal link), so the preview takes that
// step's own schema: the wizard's Review step and a saved rule always pass it; name and recipients play no part.
export const SAMPLE_INCIDENT_CHOICE = 'sample';

export const emailPreviewSchema = z.object({
  rule: notificationSettingsSchema,
  language: z.enum(LANGUAGES),
  // The built-in sample incident, or the id of a recent incident of the caller's organization.
  incident: z.union([z.literal(SAMPLE_INCIDENT_CHOICE), z.uuid()]),
});

export type EmailPreviewInput = z.infer<typeof emailPreviewSchema>;
export type PreviewRuleSettings = EmailPreviewInput['rule'];
