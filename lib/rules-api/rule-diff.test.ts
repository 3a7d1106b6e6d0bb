import { describe, expect, it } from 'vitest';
import { changedRuleFields } from '@/lib/rules-api/rule-diff';
import type { RuleInput } from '@/lib/validation/rule';

const stored: RuleInput = {
  name: 'Servers high',
  description: '',
  severities: ['medium', 'high'],
  deviceGroupScope: 'selected',
  deviceGroupIds: ['a', 'b'],
  sourceScope: 'selected',
  sources: [
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['high', 'medium'] },
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: null, severities: ['low'] },
  ],
  oneNotificationPerIncident: false,
  includeOrganizationName: false,
  includeTenantPortalLink: false,
  recipients: [
    { email: 'a@contoso.com', language: 'en' },
    { email: 'b@contoso.com', language: 'nl' },
  ],
};

describe('changedRuleFields', () => {
  it('sees no change in another order of severities, groups, sources and recipients', () => {
    const input: RuleInput = {
      ...stored,
      severities: ['high', 'medium'],
      deviceGroupIds: ['b', 'a'],
      sources: [{ ...stored.sources[1] }, { ...stored.sources[0], severities: ['medium', 'high'] }],
      recipients: [...stored.recipients].reverse(),
    };
    expect(changedRuleFields({ values: stored, enabled: true }, { input })).toEqual([]);
  });

  it('names each changed field, in the wizard’s order', () => {
    const input: RuleInput = {
      ...stored,
      name: 'servers HIGH',
      deviceGroupIds: ['a'],
      sources: [stored.sources[0], { ...stored.sources[1], severities: ['low', 'medium'] }],
      recipients: [{ email: 'a@contoso.com', language: 'nl' }, stored.recipients[1]],
    };
    expect(changedRuleFields({ values: stored, enabled: true }, { input, enabled: false })).toEqual([
      'name',
      'deviceGroups',
      'sources',
      'recipients',
      'enabled',
    ]);
  });

  it('ignores a selection under an "all" scope, and an absent enabled', () => {
    const all: RuleInput = { ...stored, deviceGroupScope: 'all', deviceGroupIds: [], sourceScope: 'all', sources: [] };
    const input: RuleInput = { ...all, deviceGroupIds: ['c'], sources: stored.sources };
    expect(changedRuleFields({ values: all, enabled: false }, { input })).toEqual([]);
    expect(changedRuleFields({ values: stored, enabled: true }, { input: all })).toEqual(['deviceGroupScope', 'deviceGroups', 'sourceScope', 'sources']);
  });

  it('names the volume settings when they change, and reads absent ones as off', () => {
    const capped: RuleInput = {
      ...stored,
      coalescing: { windowMinutes: 5, highSeverityBypass: true },
      recipientCap: { period: 'day', limits: { high: 4 }, digestAt: '08:00' },
    };
    expect(changedRuleFields({ values: stored, enabled: true }, { input: capped })).toEqual(['coalescing', 'recipientCap']);
    // An older document (no fields) against a stored rule with both off: no change.
    const off: RuleInput = { ...stored, coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null };
    expect(changedRuleFields({ values: off, enabled: true }, { input: stored })).toEqual([]);
    // A limit written as null is the limit left out.
    const spelledOut: RuleInput = { ...capped, recipientCap: { period: 'day', limits: { high: 4, low: null }, digestAt: '08:00' } };
    expect(changedRuleFields({ values: capped, enabled: true }, { input: spelledOut })).toEqual([]);
    expect(
      changedRuleFields({ values: capped, enabled: true }, { input: { ...capped, recipientCap: { ...capped.recipientCap!, digestAt: null } } }),
    ).toEqual(['recipientCap']);
  });
});
