'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { setRuleEnabled } from '@/lib/data/rules';
import { setRuleEnabledSchema } from '@/lib/validation/rule';

export const setRuleEnabledAction = defineAction(
  { name: 'setRuleEnabled', operation: 'rules.update', schema: setRuleEnabledSchema },
  async ({ id, enabled }, { ctx }) => {
    await setRuleEnabled(ctx, id, enabled);
    revalidatePath('/settings/email-notifications/incidents');
    return null;
  },
);
