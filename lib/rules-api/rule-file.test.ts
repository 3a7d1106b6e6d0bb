import { describe, expect, it } from 'vitest';
import { RULE_FILE_MAX_RULES, readRuleFile, ruleFileName, toRuleFile } from '@/lib/rules-api/rule-file';

describe('rules files', () => {
  it('round-trips: what toRuleFile writes, readRuleFile reads back, with a BOM or without', () => {
    const now = new Date('2026-12-06T23:59:00Z');
    const rules = [{ name: 'A' }, { name: 'B' }] as never[];
    const text = JSON.stringify(toRuleFile(rules, now));
    expect(JSON.parse(text)).toEqual({ format: 'incident-mail.rules', version: 1, exportedAt: '2026-12-06T23:59:00.000Z', rules });
    expect(readRuleFile(text)).toEqual({ ok: true, rules });
    expect(readRuleFile(`\uFEFF${text}`)).toEqual({ ok: true, rules });
    expect(ruleFileName(now)).toBe('incident-rules-2026-12-06.json');
  });

  it('says where the JSON breaks, in lines and columns, when the parser gives a position', () => {
    expect(readRuleFile('{\n  "rules": []\n  "x": 1 }')).toEqual({
      ok: false,
      problem: { key: 'importFileNotJsonAt', params: { line: '3', column: '3' } },
    });
  });

  it('refuses files that are not rules files, or hold none or too many', () => {
    expect(readRuleFile('   ')).toEqual({ ok: false, problem: { key: 'importFileEmpty' } });
    expect(readRuleFile('"rules"')).toEqual({ ok: false, problem: { key: 'importFileWrongFormat' } });
    expect(readRuleFile('{"format":"incident-mail.rules","version":1}')).toEqual({ ok: false, problem: { key: 'importFileWrongFormat' } });
    expect(readRuleFile('{"description":"no name"}')).toEqual({ ok: false, problem: { key: 'importFileWrongFormat' } });
    const many = JSON.stringify({ rules: Array.from({ length: RULE_FILE_MAX_RULES + 1 }, () => ({})) });
    expect(readRuleFile(many)).toEqual({ ok: false, problem: { key: 'importFileTooManyRules', params: { max: '1000' } } });
  });
});
