'use server';

import { defineAction } from '@/lib/actions/safe-action';
import { sendTestEmail, sendTestEmailToRecipients } from '@/lib/notifications/test-email';
import { draftTestEmailSchema, savedRuleTestEmailSchema } from '@/lib/validation/test-email';

// Both answer per recipient whether the provider accepted the email (or it is still queued, or failed).

export const sendRuleTestEmailAction = defineAction(
  { name: 'sendRuleTestEmail', operation: 'rules.sendTestEmail', schema: savedRuleTestEmailSchema },
  async ({ ruleId }, { ctx }) => sendTestEmail(ctx, ruleId),
);

export const sendDraftTestEmailAction = defineAction(
  { name: 'sendDraftTestEmail', operation: 'rules.sendTestEmail', schema: draftTestEmailSchema },
  async (input, { ctx }) => sendTestEmailToRecipients(ctx, input),
);
