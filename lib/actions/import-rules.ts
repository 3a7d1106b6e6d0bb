'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { applyRuleImport } from '@/lib/data/rule-import';
import { readRuleFileUpload } from '@/lib/rules-api/rule-file-upload';
import { importRulesSchema } from '@/lib/validation/rule-import';

// Applies the file as previewed, in one transaction: the server reads and checks it all again.
export const importRulesAction = defineAction(
  { name: 'importRules', operation: 'rules.import', schema: importRulesSchema },
  async ({ file, planDigest }, { ctx }) => {
    const result = await applyRuleImport(ctx, await readRuleFileUpload(file), planDigest);
    revalidatePath('/settings/email-notifications/incidents');
    return result;
  },
);
