'use server';

import { defineAction } from '@/lib/actions/safe-action';
import { previewRuleImport } from '@/lib/data/rule-import';
import { readRuleFileUpload } from '@/lib/rules-api/rule-file-upload';
import { previewRulesImportSchema } from '@/lib/validation/rule-import';

// What importing the chosen file would do, rule by rule; nothing is written.
export const previewRulesImportAction = defineAction(
  { name: 'previewRulesImport', operation: 'rules.import', schema: previewRulesImportSchema },
  async ({ file }, { ctx }) => previewRuleImport(ctx, await readRuleFileUpload(file)),
);
