import { z } from 'zod';
import { RULE_FILE_MAX_BYTES, RULE_FILE_MAX_RULES } from '@/lib/rules-api/rule-file';

// Export: every rule the user sees, or the chosen ones.
export const exportRulesSchema = z.object({
  ruleIds: z.array(z.uuid('ruleNotFound')).min(1).max(RULE_FILE_MAX_RULES).optional(),
});

// The chosen file travels as a Blob (no re-encoding of its text); its size is checked before it is read.
const ruleFile = z
  .instanceof(Blob, { message: 'importFileRequired' })
  .refine((file) => file.size <= RULE_FILE_MAX_BYTES, 'importFileTooLarge');

export const previewRulesImportSchema = z.object({ file: ruleFile });

// The preview's digest: applying refuses when its own plan differs from what the user saw.
export const importRulesSchema = z.object({ file: ruleFile, planDigest: z.string().regex(/^[0-9a-f]{64}$/) });
