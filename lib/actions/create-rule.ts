'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createRule } from '@/lib/data/rules';
import { ruleSchema } from '@/lib/validation/rule';

export const createRuleAction = defineAction(
  { name: 'createRule', operation: 'rules.create', schema: ruleSchema },
  async (input, { ctx }) => {
    const created = await createRule(ctx, input);
    revalidatePath('/settings/email-notifications/incidents');
    return created;
  },
);
