'use server';

import { defineAction } from '@/lib/actions/safe-action';
import { previewRuleEmail } from '@/lib/notifications/email-preview';
import { emailPreviewSchema } from '@/lib/validation/email-preview';

// The email preview of the wizard's Review step and of a rule's side pane. Anyone who may view rules may see
// how one renders: it changes nothing, and a real incident is shown only as far as the caller may see it.
export const previewRuleEmailAction = defineAction(
  { name: 'previewRuleEmail', operation: 'rules.view', schema: emailPreviewSchema },
  async (input, { ctx }) => previewRuleEmail(ctx, input),
);
