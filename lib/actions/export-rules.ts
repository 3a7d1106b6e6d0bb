'use server';

import { defineAction } from '@/lib/actions/safe-action';
import { listRules } from '@/lib/data/rules';
import type { RuleView } from '@/lib/data/rule-views';
import { toRuleDocument } from '@/lib/rules-api/rule-document';
import { ruleFileName, toRuleFile } from '@/lib/rules-api/rule-file';
import { notFound } from '@/lib/safe-error';
import { exportRulesSchema } from '@/lib/validation/rule-import';

// The rules file (lib/rules-api/rule-file.ts) of every rule the user sees, or of the chosen ones. A server
// action rather than a download route: the choice can be hundreds of ids (a body, not a URL), and it gets
// the action wrapper's session, permission check and error masking; the browser saves the text as a file.
// Groups outside the user's view are left out of each rule, as everywhere they are shown: counted in
// `hiddenDeviceGroupCount`, not named (Import ignores the field; such a rule is read-only to this user anyway).
export const exportRulesAction = defineAction(
  { name: 'exportRules', operation: 'rules.view', schema: exportRulesSchema },
  async ({ ruleIds }, { ctx }) => {
    const rules = await listRules(ctx);
    const chosen = ruleIds ? rules.filter((rule) => ruleIds.includes(rule.id)) : rules;
    // A chosen rule that is gone (or never visible) is said, rather than silently left out of the file.
    if (ruleIds && chosen.length !== new Set(ruleIds).size) throw notFound();
    const now = new Date();
    return {
      fileName: ruleFileName(now),
      content: `${JSON.stringify(toRuleFile(chosen.map(documentOf), now), null, 2)}\n`,
      count: chosen.length,
    };
  },
);

const documentOf = (view: RuleView) =>
  view.hiddenDeviceGroupCount > 0 ? { ...toRuleDocument(view), hiddenDeviceGroupCount: view.hiddenDeviceGroupCount } : toRuleDocument(view);
