import { describe, expect, it } from 'vitest';
import { deviceGroupName, enumValue, externalId, optionalEnumValue, optionalExternalId, parseDateTime } from '@/lib/incidents/normalize/fields';

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

describe('parseDateTime', () => {
  const iso = (value: string) => parseDateTime(value)?.toISOString() ?? null;

  it('reads the years 0001 to 0099 as written, not as 1901 to 1999', () => {
    expect(iso('0050-06-15T00:00:00Z')).toBe('0050-06-15T00:00:00.000Z');
    expect(iso('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000Z');
  });

  it('refuses offsets beyond ±23:59', () => {
    expect(iso('2026-01-01T00:00:00+24:00')).toBeNull();
    expect(iso('2026-01-01T00:00:00+99:99')).toBeNull();
    expect(iso('2026-01-01T00:00:00-00:60')).toBeNull();
    expect(iso('2026-01-22T23:59:59+23:59')).toBe('2026-01-22T00:00:59.000Z');
    expect(iso('2026-01-22T12:09:23-0800')).toBe('2026-01-22T20:09:23.000Z');
  });

  // PostgreSQL's timestamp and ISO 8601 text hold years 1 to 9999; past them the insert failed (a 500).
  it('refuses instants that an offset moves out of the years 1 to 9999', () => {
    expect(iso('9999-12-31T23:59:59-23:59')).toBeNull();
    expect(iso('0001-01-01T00:00:00+00:01')).toBeNull();
    expect(iso('0000-01-01T00:00:00Z')).toBeNull();
    expect(iso('9999-12-31T23:59:59.999Z')).toBe('9999-12-31T23:59:59.999Z');
  });

  it('still refuses dates that do not exist', () => {
    for (const value of ['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:59:60Z']) {
      expect(iso(value)).toBeNull();
    }
    expect(iso('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('deviceGroupName', () => {
  it('keeps a name of at most DEVICE_GROUP_NAME_MAX units whole', () => {
    expect(deviceGroupName.parse(`${'g'.repeat(98)}🔥`)).toBe(`${'g'.repeat(98)}🔥`);
  });

  // Cut through the pair, the name held a lone surrogate: PostgreSQL refused the group's audit entry (a 500).
  it('cuts a longer name to DEVICE_GROUP_NAME_MAX units without splitting a surrogate pair', () => {
    expect(deviceGroupName.parse(`${'g'.repeat(99)}🔥`)).toBe('g'.repeat(99));
    expect(deviceGroupName.parse(`${'g'.repeat(100)}🔥`)).toBe('g'.repeat(100));
    expect(deviceGroupName.parse('🔥'.repeat(60))).toBe('🔥'.repeat(50));
    expect(deviceGroupName.parse(`${'g'.repeat(99)} ${'h'.repeat(10)}`)).toBe('g'.repeat(99));
  });
});
