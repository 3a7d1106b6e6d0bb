'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { deleteRule } from '@/lib/data/rules';
import { ruleIdSchema } from '@/lib/validation/rule';

export const deleteRuleAction = defineAction(
  { name: 'deleteRule', operation: 'rules.delete', schema: ruleIdSchema },
  async ({ id }, { ctx }) => {
    await deleteRule(ctx, id);
    revalidatePath('/settings/email-notifications/incidents');
    return null;
  },
);
