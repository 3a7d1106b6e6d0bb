import { describe, expect, it } from 'vitest';
import { capFromColumns, capToColumns, coalescingSchema, recipientCapSchema } from '@/lib/validation/email-volume';
import { ruleSchema } from '@/lib/validation/rule';
import { tenantSettingsSchema } from '@/lib/validation/tenant-settings';

const issuesOf = (schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('coalescingSchema', () => {
  it('accepts 0 to 60 whole minutes, and the High-severity bypass only with a wait', () => {
    expect(issuesOf(coalescingSchema, { windowMinutes: 0, highSeverityBypass: false })).toEqual([]);
    expect(issuesOf(coalescingSchema, { windowMinutes: 60, highSeverityBypass: true })).toEqual([]);
    expect(issuesOf(coalescingSchema, { windowMinutes: 0, highSeverityBypass: true })).toEqual([
      'highSeverityBypass: coalesceBypassNeedsWindow',
    ]);
  });

  it('refuses an unknown key, null and a missing bypass with message keys, not English sentences', () => {
    expect(issuesOf(coalescingSchema, { windowMinutes: 5, highSeverityBypass: false, windowSeconds: 300 })).toEqual([
      ': coalesceFieldUnknown',
    ]);
    expect(issuesOf(coalescingSchema, null)).toEqual([': coalescingInvalid']);
    expect(issuesOf(coalescingSchema, { windowMinutes: 5 })).toEqual(['highSeverityBypass: coalesceBypassInvalid']);
    expect(issuesOf(coalescingSchema, { windowMinutes: 5, highSeverityBypass: 'yes' })).toEqual(['highSeverityBypass: coalesceBypassInvalid']);
  });

  it('refuses negative, fractional, too long, empty (NaN) and non-numeric waits with one message', () => {
    for (const windowMinutes of [-1, 2.5, 61, Number.NaN, '5']) {
      expect(issuesOf(coalescingSchema, { windowMinutes, highSeverityBypass: false })).toEqual(['windowMinutes: coalesceMinutesInvalid']);
    }
  });
});

describe('recipientCapSchema', () => {
  const cap = { period: 'day', limits: { high: 4, medium: 2, low: 1 }, digestAt: null };

  it('accepts a per-day or per-hour cap with some limits, and a digest time as HH:MM', () => {
    expect(issuesOf(recipientCapSchema, cap)).toEqual([]);
    expect(issuesOf(recipientCapSchema, { ...cap, period: 'hour', limits: { informational: 1000, high: null }, digestAt: '23:59' })).toEqual([]);
  });

  it('refuses a cap that limits no severity', () => {
    expect(issuesOf(recipientCapSchema, { ...cap, limits: {} })).toEqual(['limits: capLimitRequired']);
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { high: null, low: null } })).toEqual(['limits: capLimitRequired']);
  });

  it('refuses a limit outside 1..1000 or not a whole number', () => {
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { high: 0 } })).toEqual(['limits.high: capLimitInvalid']);
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { medium: 1001 } })).toEqual(['limits.medium: capLimitInvalid']);
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { low: 1.5 } })).toEqual(['limits.low: capLimitInvalid']);
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { low: '3' } })).toEqual(['limits.low: capLimitInvalid']);
  });

  it('refuses a severity it does not know (case matters) rather than dropping its limit', () => {
    // {"High": 4} must not leave High uncapped while the medium limit is applied.
    expect(issuesOf(recipientCapSchema, { ...cap, limits: { High: 4, medium: 2 } })).toEqual(['limits: capSeverityUnknown']);
    const result = recipientCapSchema.safeParse({ ...cap, limits: { High: 4, medium: 2 } });
    expect(result.success ? [] : result.error.issues.map((issue) => ('keys' in issue ? issue.keys : []))).toEqual([['High']]);
    expect(issuesOf(recipientCapSchema, { ...cap, limits: null })).toEqual(['limits: capLimitsInvalid']);
  });

  it('refuses an unknown key and a value that is not an object with message keys', () => {
    expect(issuesOf(recipientCapSchema, { ...cap, digestTime: '08:00' })).toEqual([': capFieldUnknown']);
    expect(issuesOf(recipientCapSchema, 'daily')).toEqual([': recipientCapInvalid']);
  });

  it('takes a missing digest time as the end of the period', () => {
    const { digestAt: _omitted, ...withoutDigestAt } = cap;
    expect(recipientCapSchema.parse(withoutDigestAt)).toEqual({ period: 'day', limits: { high: 4, medium: 2, low: 1 }, digestAt: null });
  });

  it('refuses an unknown period', () => {
    expect(issuesOf(recipientCapSchema, { ...cap, period: 'week' })).toEqual(['period: capPeriodInvalid']);
  });

  it('asks for a digest time once "at a time of day" is chosen, and refuses one that is not HH:MM', () => {
    expect(issuesOf(recipientCapSchema, { ...cap, digestAt: '' })).toEqual(['digestAt: digestTimeRequired']);
    for (const digestAt of ['8:00', '24:00', '12:60', '08:00:00', 'noon']) {
      expect(issuesOf(recipientCapSchema, { ...cap, digestAt })).toEqual(['digestAt: digestTimeInvalid']);
    }
    expect(issuesOf(recipientCapSchema, { ...cap, digestAt: 480 })).toEqual(['digestAt: digestTimeInvalid']);
  });
});

describe('the rule and organization schemas', () => {
  const rule = {
    name: 'R',
    description: '',
    severities: ['high'],
    deviceGroupScope: 'all',
    deviceGroupIds: [],
    sourceScope: 'all',
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [{ email: 'soc@contoso.com', language: 'en' }],
  };

  it('keep a rule without the volume settings valid (a document older than them), and report nested paths', () => {
    expect(issuesOf(ruleSchema, rule)).toEqual([]);
    expect(issuesOf(ruleSchema, { ...rule, coalescing: { windowMinutes: 90, highSeverityBypass: false } })).toEqual([
      'coalescing.windowMinutes: coalesceMinutesInvalid',
    ]);
    expect(issuesOf(ruleSchema, { ...rule, recipientCap: { period: 'day', limits: {}, digestAt: null } })).toEqual([
      'recipientCap.limits: capLimitRequired',
    ]);
    expect(issuesOf(ruleSchema, { ...rule, recipientCap: null })).toEqual([]);
  });

  it('validate the organization’s per-address cap the same way', () => {
    const settings = { name: 'Contoso', defaultLanguage: 'en', permissionsModel: 'BASIC', timeZone: 'UTC' };
    expect(issuesOf(tenantSettingsSchema, { ...settings, addressCap: null })).toEqual([]);
    expect(issuesOf(tenantSettingsSchema, { ...settings, addressCap: { period: 'hour', limits: { high: 0 }, digestAt: null } })).toEqual([
      'addressCap.limits.high: capLimitInvalid',
    ]);
  });
});

describe('stored columns', () => {
  it('round-trip a cap, keeping only the limits set, and the digest time as minutes of the day', () => {
    const columns = capToColumns({ period: 'day', limits: { high: 4, low: null }, digestAt: '08:05' });
    expect(columns).toEqual({ period: 'day', high: 4, medium: null, low: null, informational: null, digestAtMinute: 485 });
    expect(capFromColumns(columns)).toEqual({ period: 'day', limits: { high: 4 }, digestAt: '08:05' });
    expect(capFromColumns({ ...columns, digestAtMinute: 1439 })?.digestAt).toBe('23:59');
  });

  it('store no cap as nothing at all', () => {
    expect(capToColumns(null)).toEqual({ period: null, high: null, medium: null, low: null, informational: null, digestAtMinute: null });
    expect(capFromColumns(capToColumns(undefined))).toBeNull();
  });
});
