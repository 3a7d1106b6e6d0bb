import { describe, expect, it } from 'vitest';
import { describeActor, describeEntry } from '@/lib/audit-log/describe';
import { auditLogTranslator, describeContext } from '@/lib/audit-log/translator';
import type { AuditLogEntry } from '@/lib/data/audit-log';

const entry = (over: Partial<AuditLogEntry>): AuditLogEntry => ({
  id: 'e',
  createdAt: '2026-12-06T10:00:00.000Z',
  actor: 'admin@contoso.com',
  action: 'rule.updated',
  targetType: 'rule',
  targetId: 'r',
  targetName: 'Ransomware',
  before: null,
  after: null,
  ...over,
});

describe('describeEntry', () => {
  const ctx = describeContext('en', { g1: 'Servers', g2: 'Clients' });

  it('names a silence change and its fields in English and Dutch (silences are audited too)', () => {
    const extended = entry({
      action: 'silence.extended',
      targetType: 'silence',
      targetName: 'Patch night',
      before: { endsAt: '2026-12-06T22:00:00.000Z' },
      after: { endsAt: '2026-12-07T02:00:00.000Z' },
    });
    const en = describeEntry(extended, ctx);
    expect([en.action, en.targetType, en.changes.map((change) => change.field)]).toEqual(['Silence extended', 'Silence', ['Ends']]);
    const nl = describeEntry(extended, describeContext('nl', {}));
    expect([nl.action, nl.targetType, nl.changes.map((change) => change.field)]).toEqual(['Stilte verlengd', 'Stilte', ['Eindigt']]);
  });

  it('puts a rule change into words field by field', () => {
    const described = describeEntry(
      entry({
        before: { severities: ['high', 'low'], recipients: [{ email: 'a@contoso.com', language: 'en' }], deviceGroupScope: 'all', deviceGroupIds: [], oneNotificationPerIncident: false },
        after: {
          severities: ['medium'],
          recipients: [{ email: 'a@contoso.com', language: 'en' }, { email: 'b@contoso.com', language: 'nl' }],
          deviceGroupScope: 'selected',
          deviceGroupIds: ['g1', 'g2', 'gone'],
          oneNotificationPerIncident: true,
        },
      }),
      ctx,
    );
    expect(described.action).toBe('Rule changed');
    expect(described.targetType).toBe('Rule');
    expect(described.changes).toEqual([
      { field: 'Alert severities', before: ['High, Low'], after: ['Medium'] },
      { field: 'Recipients', before: ['a@contoso.com (English)'], after: ['a@contoso.com (English)', 'b@contoso.com (Nederlands)'] },
      { field: 'Device groups', before: ['All device groups'], after: ['Selected device groups'] },
      { field: 'Selected device groups', before: [], after: ['Clients', 'Servers', '1 other device group'] },
      { field: 'One notification per incident', before: ['No'], after: ['Yes'] },
    ]);
  });

  it('uses the catalogs’ names for roles, languages, models, permissions and scopes, in Dutch too', () => {
    const nl = describeContext('nl', {});
    const user = describeEntry(entry({ action: 'user.roleChanged', targetType: 'user', before: { role: 'SECURITY_READER' }, after: { role: 'GLOBAL_ADMINISTRATOR' } }), nl);
    expect(user.action).toBe('Rol gewijzigd');
    expect(user.changes).toEqual([{ field: 'Rol', before: ['Beveiligingslezer'], after: ['Globale beheerder'] }]);
    const tenant = describeEntry(entry({ action: 'tenant.updated', targetType: 'tenant', before: { permissionsModel: 'BASIC', defaultLanguage: 'en' }, after: { permissionsModel: 'RBAC', defaultLanguage: 'nl' } }), ctx);
    expect(tenant.changes.map((c) => [c.before, c.after])).toEqual([
      [['Basic'], ['RBAC (role-based access control)']],
      [['English'], ['Nederlands']],
    ]);
    const key = describeEntry(entry({ action: 'apiKey.created', targetType: 'apiKey', after: { name: 'SIEM', prefix: 'imk_abc', scopes: ['incidents:write', 'rules:read'] } }), ctx);
    expect(key.changes.at(-1)).toEqual({ field: 'Scopes', before: [], after: ['Send incidents', 'Read rules'] });
  });

  it('keeps an unknown action or field readable rather than failing', () => {
    const odd = describeEntry(entry({ action: 'rule.archived', after: { colour: 'red' } }), ctx);
    expect(odd.action).toBe('rule.archived');
    expect(odd.changes).toEqual([{ field: 'colour', before: [], after: ['red'] }]);
  });
});

describe('describeActor', () => {
  const t = auditLogTranslator('en');
  it.each([
    ['admin@contoso.com', 'admin@contoso.com'],
    ['api-key:imk_AbC', 'API key imk_AbC…'],
    ['system:ingest', 'Incident ingest (automatic)'],
    ['cli', 'Command line (npm run tenant)'],
  ])('%s → %s', (actor, shown) => {
    expect(describeActor(actor, t)).toBe(shown);
  });
});

describe('describeEntry of volume settings', () => {
  const ctx = describeContext('en', {});

  it('puts a rule’s volume settings and the organization’s per-address cap into words, in English and Dutch', () => {
    const changed = entry({
      before: { coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null },
      after: {
        coalescing: { windowMinutes: 5, highSeverityBypass: true },
        recipientCap: { period: 'day', limits: { low: 1, high: 4 }, digestAt: '08:00' },
      },
    });
    expect(describeEntry(changed, ctx).changes).toEqual([
      { field: 'Wait for more changes', before: ['Off: an email for each change'], after: ['Wait up to 5 minutes', 'A new High-severity alert is sent at once'] },
      { field: 'Limit emails per recipient', before: ['Off'], after: ['Per day', 'High: at most 4', 'Low: at most 1', 'Digest at 08:00'] },
    ]);
    const tenant = entry({
      action: 'tenant.updated',
      targetType: 'tenant',
      before: { addressCap: null },
      after: { addressCap: { period: 'hour', limits: { medium: 2 }, digestAt: null } },
    });
    expect(describeEntry(tenant, describeContext('nl', {})).changes).toEqual([
      {
        field: 'E-mails per adres beperken (alle regels)',
        before: ['Uit'],
        after: ['Per uur', 'Gemiddeld: maximaal 2', 'Overzicht aan het einde van de periode'],
      },
    ]);
  });
});

