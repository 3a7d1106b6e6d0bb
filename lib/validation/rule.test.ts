import { describe, expect, it } from 'vitest';
import {
  basicsSchema,
  notificationSettingsSchema,
  recipientsSchema,
  ruleSchema,
  type RuleFormValues,
} from '@/lib/validation/rule';

const GROUP_A = '3f1c1a52-6a7e-4a8e-9a51-1d3f0f6a1c01';
const GROUP_B = '3f1c1a52-6a7e-4a8e-9a51-1d3f0f6a1c02';

const valid: RuleFormValues = {
  name: 'High severity to SOC',
  description: 'Page the SOC for high severity incidents',
  severities: ['medium', 'high'],
  deviceGroupScope: 'selected',
  deviceGroupIds: [GROUP_A, GROUP_B],
  sourceScope: 'selected',
  sources: [
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', severities: ['medium', 'high'] },
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftThreatExperts', severities: ['informational', 'low', 'medium', 'high'] },
    { serviceSource: 'microsoftSentinel', detectionSource: null, severities: ['high'] },
  ],
  oneNotificationPerIncident: true,
  includeOrganizationName: true,
  includeTenantPortalLink: false,
  recipients: [
    { email: 'soc@contoso.com', language: 'en' },
    { email: 'Analist@Contoso.NL ', language: 'nl' },
  ],
};

function issuesOf(input: unknown) {
  const result = ruleSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('ruleSchema', () => {
  it('accepts a complete rule and normalises addresses', () => {
    const parsed = ruleSchema.parse(valid);
    expect(parsed.recipients[1].email).toBe('analist@contoso.nl');
    expect(parsed.name).toBe(valid.name);
  });

  it('refuses an empty severity list', () => {
    expect(issuesOf({ ...valid, severities: [] })).toEqual(['severities: severityRequired']);
  });

  it('refuses an unknown severity', () => {
    expect(issuesOf({ ...valid, severities: ['critical'] })[0]).toMatch(/^severities\.0: /);
  });

  it('refuses a missing, blank or 2,000-character name', () => {
    expect(issuesOf({ ...valid, name: '   ' })).toEqual(['name: nameRequired']);
    expect(issuesOf({ ...valid, name: 'x'.repeat(2000) })).toEqual(['name: nameTooLong']);
    const { name: _name, ...withoutName } = valid;
    expect(issuesOf(withoutName)).toHaveLength(1);
  });

  it('refuses a malformed, over-long or duplicate recipient address', () => {
    expect(issuesOf({ ...valid, recipients: [{ email: 'not-an-address', language: 'en' }] })).toEqual([
      'recipients.0.email: emailInvalid',
    ]);
    expect(issuesOf({ ...valid, recipients: [{ email: `${'a'.repeat(250)}@x.com`, language: 'en' }] })).toEqual([
      'recipients.0.email: emailInvalid',
    ]);
    expect(
      issuesOf({ ...valid, recipients: [{ email: 'a@contoso.com', language: 'en' }, { email: 'A@contoso.com', language: 'nl' }] }),
    ).toEqual(['recipients.1.email: emailDuplicate']);
  });

  it('refuses an address with a header-injection attempt', () => {
    expect(issuesOf({ ...valid, recipients: [{ email: 'a@contoso.com\r\nBcc: x@evil.com', language: 'en' }] })).toEqual([
      'recipients.0.email: emailInvalid',
    ]);
  });

  it('requires at least one recipient and a known language', () => {
    expect(issuesOf({ ...valid, recipients: [] })).toEqual(['recipients: recipientRequired']);
    expect(issuesOf({ ...valid, recipients: [{ email: 'a@contoso.com', language: 'de' }] })[0]).toMatch(/^recipients\.0\.language/);
  });

  it('requires a device group when the scope is specific, and only well-formed ids', () => {
    expect(issuesOf({ ...valid, deviceGroupIds: [] })).toEqual(['deviceGroupIds: deviceGroupRequired']);
    expect(issuesOf({ ...valid, deviceGroupIds: ['../etc'] })).toEqual(['deviceGroupIds.0: deviceGroupUnknown']);
    expect(issuesOf({ ...valid, deviceGroupIds: [GROUP_A, GROUP_A] })).toEqual(['deviceGroupIds: deviceGroupDuplicate']);
    expect(issuesOf({ ...valid, deviceGroupScope: 'all', deviceGroupIds: [] })).toEqual([]);
  });

  it('requires a source when the source scope is specific', () => {
    expect(issuesOf({ ...valid, sources: [] })).toEqual(['sources: sourceRequired']);
    expect(issuesOf({ ...valid, sourceScope: 'all', sources: [] })).toEqual([]);
  });

  it('refuses a detection source under the wrong service, a duplicate source, and a source with no severity', () => {
    expect(
      issuesOf({ ...valid, sources: [{ serviceSource: 'microsoftSentinel', detectionSource: 'antivirus', severities: ['high'] }] }),
    ).toEqual(['sources.0.detectionSource: sourceMismatch']);
    expect(issuesOf({ ...valid, sources: [valid.sources[2], valid.sources[2]] })).toEqual(['sources.1: sourceDuplicate']);
    expect(issuesOf({ ...valid, sources: [{ ...valid.sources[2], severities: [] }] })).toEqual([
      'sources.0.severities: severityRequired',
    ]);
  });

  it('refuses a service source it does not know', () => {
    expect(
      issuesOf({ ...valid, sources: [{ serviceSource: 'evilSource', detectionSource: null, severities: ['high'] }] })[0],
    ).toMatch(/^sources\.0\.serviceSource/);
  });
});

describe('step schemas', () => {
  it('validate each wizard step on its own', () => {
    expect(basicsSchema.safeParse({ name: 'x', description: '' }).success).toBe(true);
    expect(basicsSchema.safeParse({ name: '', description: '' }).success).toBe(false);
    expect(notificationSettingsSchema.safeParse(valid).success).toBe(true);
    expect(notificationSettingsSchema.safeParse({ ...valid, sources: [] }).success).toBe(false);
    expect(recipientsSchema.safeParse({ recipients: valid.recipients }).success).toBe(true);
    expect(recipientsSchema.safeParse({ recipients: [] }).success).toBe(false);
  });
});
