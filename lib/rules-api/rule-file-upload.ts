import { readRuleFile } from '@/lib/rules-api/rule-file';
import { SafeError } from '@/lib/safe-error';

// The rule entries of an uploaded file (already size-checked by the action's schema), or a SafeError
// naming what is wrong with the file as a whole.
export async function readRuleFileUpload(file: Blob): Promise<unknown[]> {
  const read = readRuleFile(await file.text());
  if (!read.ok) throw new SafeError(read.problem.key, 'params' in read.problem ? read.problem.params : undefined);
  return read.rules;
}
