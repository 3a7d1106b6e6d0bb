'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { updateRule } from '@/lib/data/rules';
import { updateRuleSchema } from '@/lib/validation/rule';

export const updateRuleAction = defineAction(
  { name: 'updateRule', operation: 'rules.update', schema: updateRuleSchema },
  async ({ id, rule }, { ctx }) => {
    const updated = await updateRule(ctx, id, rule);
    revalidatePath('/settings/email-notifications/incidents');
    return updated;
  },
);
