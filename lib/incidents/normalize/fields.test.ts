import { describe, expect, it } from 'vitest';
import { enumValue, externalId, optionalEnumValue, optionalExternalId } from '@/lib/incidents/normalize/fields';

// Edge cases the hostile-bodies drill (lib/incidents/http/hostile-bodies.integration.test.ts) found, one by one.

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((issue) => issue.message);

describe('ids and enum values that are blank once cleaned', () => {
  // PostgreSQL text holds no NUL: "\u0000" was cleaned to "", and every such payload then wrote one shared incident "".
  it.each(['\u0000', '\u0000\u0000', ' \u0000 '])('refuses the id %j, as it refuses ""', (id) => {
    expect(messages(externalId.safeParse(id))).toEqual(['expected a non-empty id']);
    expect(messages(externalId.safeParse(''))).toEqual(['expected a non-empty id']);
  });

  it('reads an optional id that is blank once cleaned as no id', () => {
    expect(optionalExternalId.parse('\u0000')).toBeNull();
    expect(optionalExternalId.parse(' \u0000')).toBeNull();
    expect(optionalExternalId.parse('a\u0000b')).toBe('ab');
  });

  it('keeps ids that are more than NULs, cleaned', () => {
    expect(externalId.parse('a\u0000b')).toBe('ab');
    expect(externalId.parse('\uD800')).toBe('\uFFFD');
    expect(externalId.parse(0)).toBe('0');
  });

  it('refuses a severity that is blank once cleaned, and reads such an optional value as none', () => {
    expect(messages(enumValue('severity').safeParse('\u0000'))).toEqual(['expected a non-empty value']);
    expect(messages(enumValue('severity').safeParse('  '))).toEqual(['expected a non-empty value']);
    expect(enumValue('severity').parse(' \u0000High ')).toBe('high');
    expect(optionalEnumValue('classification').parse('\u0000')).toBeNull();
  });
});
