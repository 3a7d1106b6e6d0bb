import { z } from 'zod';
import { basicsShape, recipientsShape, refineRecipients } from '@/lib/validation/rule';

// "Send test email" from the side pane: the saved rule and its saved recipients.
export const savedRuleTestEmailSchema = z.object({ ruleId: z.uuid('ruleNotFound') });

// From the wizard's Recipients step: the rule as it stands in the form, saved or not.
export const draftTestEmailSchema = z
  .object({
    ruleName: basicsShape.name,
    ...recipientsShape,
    options: z.object({ includeOrganizationName: z.boolean(), includeTenantPortalLink: z.boolean() }),
  })
  .superRefine(refineRecipients);

export type DraftTestEmailInput = z.infer<typeof draftTestEmailSchema>;
