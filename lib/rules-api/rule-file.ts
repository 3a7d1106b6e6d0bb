import type { RuleDocument } from '@/lib/rules-api/rule-document';

// Its own check, not the rule document's: this file runs in the browser (the import dialog), and rule-document.ts
// reaches the database layer.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A rules file: what the portal's Export downloads and its Import reads. Each entry of `rules` is a rule
// document of the rules API (lib/rules-api/rule-document.ts), so a file moves between tenants (device
// groups by name) and between the portal and the API: Import also takes the API's list answer
// (`{ "rules": [...] }` from GET /api/rules) and a single document (GET /api/rules/{id}).

export const RULE_FILE_FORMAT = 'incident-mail.rules';
export const RULE_FILE_VERSION = 1;
// Sent to a server action twice (preview, then apply), whose request limit is Next's 1 MB: half of it
// leaves room for the encoding. About 500 typical rules; larger sets are exported and imported in parts.
export const RULE_FILE_MAX_BYTES = 512 * 1024;
export const RULE_FILE_MAX_RULES = 1000;

export type RuleFile = {
  format: typeof RULE_FILE_FORMAT;
  version: typeof RULE_FILE_VERSION;
  exportedAt: string;
  rules: RuleDocument[];
};

export function toRuleFile(rules: RuleDocument[], now: Date): RuleFile {
  return { format: RULE_FILE_FORMAT, version: RULE_FILE_VERSION, exportedAt: now.toISOString(), rules };
}

// incident-rules-2026-12-06.json (the UTC date of the export).
export const ruleFileName = (now: Date) => `incident-rules-${now.toISOString().slice(0, 10)}.json`;

// Why a file cannot be read at all; each is an i18n key, with `params` for the message.
export type RuleFileProblem =
  | { key: 'importFileEmpty' }
  | { key: 'importFileNotJson' }
  | { key: 'importFileNotJsonAt'; params: { line: string; column: string } }
  | { key: 'importFileWrongFormat' }
  | { key: 'importFileUnsupportedVersion'; params: { version: string } }
  | { key: 'importFileNoRules' }
  | { key: 'importFileTooManyRules'; params: { max: string } };


// The rule entries of a file's text, unchecked (the rules API's parser checks each), or why there are none.
export function readRuleFile(text: string): { ok: true; rules: unknown[] } | { ok: false; problem: RuleFileProblem } {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return { ok: false, problem: { key: 'importFileEmpty' } };
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    const at = positionOf(source, (error as Error).message);
    return { ok: false, problem: at ? { key: 'importFileNotJsonAt', params: at } : { key: 'importFileNotJson' } };
  }
  const rules = rulesOf(json);
  if (rules.kind === 'problem') return { ok: false, problem: rules.problem };
  if (rules.list.length === 0) return { ok: false, problem: { key: 'importFileNoRules' } };
  if (rules.list.length > RULE_FILE_MAX_RULES) {
    return { ok: false, problem: { key: 'importFileTooManyRules', params: { max: String(RULE_FILE_MAX_RULES) } } };
  }
  return { ok: true, rules: rules.list };
}

function rulesOf(json: unknown): { kind: 'list'; list: unknown[] } | { kind: 'problem'; problem: RuleFileProblem } {
  if (!isObject(json)) return { kind: 'problem', problem: { key: 'importFileWrongFormat' } };
  if ('format' in json) {
    if (json.format !== RULE_FILE_FORMAT || !Array.isArray(json.rules)) {
      return { kind: 'problem', problem: { key: 'importFileWrongFormat' } };
    }
    if (json.version !== RULE_FILE_VERSION) {
      return { kind: 'problem', problem: { key: 'importFileUnsupportedVersion', params: { version: String(json.version) } } };
    }
    return { kind: 'list', list: json.rules };
  }
  if (Array.isArray(json.rules)) return { kind: 'list', list: json.rules };
  // One rule document, as GET /api/rules/{id} answers it.
  if ('name' in json && 'recipients' in json) return { kind: 'list', list: [json] };
  return { kind: 'problem', problem: { key: 'importFileWrongFormat' } };
}

// JSON.parse reports a character position for some errors ("... at position 42"); people editing a file
// think in lines.
function positionOf(source: string, message: string): { line: string; column: string } | null {
  const match = /at position (\d+)/.exec(message);
  if (!match) return null;
  const before = source.slice(0, Number(match[1])).split('\n');
  return { line: String(before.length), column: String(before[before.length - 1].length + 1) };
}
