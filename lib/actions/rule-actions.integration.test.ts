import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createTenant } from '@/lib/test/fixtures';
import { setSession, signInAs } from '@/lib/test/session';
import type { RuleFormValues } from '@/lib/validation/rule';

// Only the two things that need a live HTTP request are replaced: reading the session cookie and
// revalidating Next's cache. Users, permissions and every row come from the real PostgreSQL.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createRuleAction } = await import('@/lib/actions/create-rule');
const { updateRuleAction } = await import('@/lib/actions/update-rule');
const { deleteRuleAction } = await import('@/lib/actions/delete-rule');
const { setRuleEnabledAction } = await import('@/lib/actions/set-rule-enabled');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;


function ruleInput(world: World, overrides: Partial<RuleFormValues> = {}): RuleFormValues {
  return {
    name: 'Critical to SOC',
    description: 'High severity incidents on clients',
    severities: ['high'],
    deviceGroupScope: 'selected',
    deviceGroupIds: [world.groups[0].id],
    sourceScope: 'selected',
    sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['medium', 'high'] }],
    oneNotificationPerIncident: true,
    includeOrganizationName: true,
    includeTenantPortalLink: false,
    recipients: [
      { email: 'soc@contoso.com', language: 'en' },
      { email: 'analist@contoso.nl', language: 'nl' },
    ],
    ...overrides,
  };
}

async function seedRule(world: World) {
  signInAs(world.users.GLOBAL_ADMINISTRATOR);
  const result = await createRuleAction(ruleInput(world));
  if (!result.ok) throw new Error(`seeding a rule failed: ${result.error}`);
  return result.data.id;
}

const ruleCount = (world: World) => db().notificationRule.count({ where: { tenantId: world.tenant.id } });

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

beforeEach(() => signInAs(null));

describe('createRuleAction', () => {
  it('creates the rule with its scope, sources and recipients, and audits it (admin)', async () => {
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const result = await createRuleAction(ruleInput(own));
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const rule = await db().notificationRule.findUniqueOrThrow({
      where: { id: result.data.id },
      include: { deviceGroups: true, sourceFilters: true, recipients: true },
    });
    expect(rule.tenantId).toBe(own.tenant.id);
    expect(rule.createdById).toBe(own.users.SECURITY_ADMINISTRATOR.id);
    expect(rule.allDeviceGroups).toBe(false);
    expect(rule.deviceGroups.map((g) => g.deviceGroupId)).toEqual([own.groups[0].id]);
    expect(rule.sourceFilters).toMatchObject([{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['medium', 'high'] }]);
    expect(rule.recipients.map((r) => [r.email, r.language]).sort()).toEqual([
      ['analist@contoso.nl', 'nl'],
      ['soc@contoso.com', 'en'],
    ]);

    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: rule.id, action: 'rule.created' } });
    expect(audit.tenantId).toBe(own.tenant.id);
    expect(audit.actorEmail).toBe(own.users.SECURITY_ADMINISTRATOR.email);
    expect(audit.after).toMatchObject({ name: 'Critical to SOC', severities: ['high'] });
  });

  it.each(['SECURITY_OPERATOR', 'SECURITY_READER'] as const)('refuses %s and writes nothing', async (role) => {
    const before = await ruleCount(own);
    signInAs(own.users[role]);
    expect(await createRuleAction(ruleInput(own))).toEqual({ ok: false, error: 'forbidden' });
    expect(await ruleCount(own)).toBe(before);
  });

  it('refuses a caller without a session', async () => {
    expect(await createRuleAction(ruleInput(own))).toEqual({ ok: false, error: 'unauthenticated' });
  });

  it('refuses a session issued before the user was signed out everywhere', async () => {
    const admin = own.users.GLOBAL_ADMINISTRATOR;
    setSession({ userId: admin.id, signedInAt: Date.now() - 60_000 });
    await db().user.update({ where: { id: admin.id }, data: { sessionsValidAfter: new Date() } });
    expect(await createRuleAction(ruleInput(own))).toEqual({ ok: false, error: 'unauthenticated' });
    await db().user.update({ where: { id: admin.id }, data: { sessionsValidAfter: new Date(0) } });
  });

  it("refuses another tenant's device group as unknown and writes nothing", async () => {
    const before = await ruleCount(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const result = await createRuleAction(ruleInput(own, { deviceGroupIds: [other.groups[0].id] }));
    expect(result).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { deviceGroupIds: 'deviceGroupUnknown' } });
    expect(await ruleCount(own)).toBe(before);
    expect(await ruleCount(other)).toBe(0);
  });

  it.each([
    ['an empty severity list', { severities: [] }, 'severities', 'severityRequired'],
    ['a 2,000-character name', { name: 'x'.repeat(2000) }, 'name', 'nameTooLong'],
    ['a malformed email', { recipients: [{ email: 'soc@', language: 'en' as const }] }, 'recipients.0.email', 'emailInvalid'],
    ['no recipients', { recipients: [] }, 'recipients', 'recipientRequired'],
  ])('refuses %s with a field error and writes nothing', async (_label, overrides, field, message) => {
    const before = await ruleCount(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const result = await createRuleAction(ruleInput(own, overrides as Partial<RuleFormValues>));
    expect(result).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { [field]: message } });
    expect(await ruleCount(own)).toBe(before);
  });

  it('ignores a tenant id smuggled into the input', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const crafted = { ...ruleInput(own), tenantId: other.tenant.id } as RuleFormValues;
    const result = await createRuleAction(crafted);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect((await db().notificationRule.findUniqueOrThrow({ where: { id: result.data.id } })).tenantId).toBe(own.tenant.id);
    }
  });
});

describe('updateRuleAction', () => {
  it('saves every change, keeps existing recipients’ added-at, and audits only what changed', async () => {
    const id = await seedRule(own);
    const before = await db().ruleRecipient.findFirstOrThrow({ where: { ruleId: id, email: 'soc@contoso.com' } });
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const result = await updateRuleAction({
      id,
      rule: ruleInput(own, {
        name: 'Renamed',
        deviceGroupScope: 'all',
        deviceGroupIds: [own.groups[0].id],
        recipients: [
          { email: 'soc@contoso.com', language: 'nl' },
          { email: 'new@contoso.com', language: 'en' },
        ],
      }),
    });
    expect(result).toEqual({ ok: true, data: { id } });

    const rule = await db().notificationRule.findUniqueOrThrow({ where: { id }, include: { deviceGroups: true, recipients: true } });
    expect(rule.name).toBe('Renamed');
    expect(rule.allDeviceGroups).toBe(true);
    expect(rule.deviceGroups).toEqual([]);
    expect(rule.updatedById).toBe(own.users.SECURITY_ADMINISTRATOR.id);
    const kept = rule.recipients.find((r) => r.email === 'soc@contoso.com')!;
    expect(kept.language).toBe('nl');
    expect(kept.addedAt.toISOString()).toBe(before.addedAt.toISOString());
    expect(rule.recipients.map((r) => r.email).sort()).toEqual(['new@contoso.com', 'soc@contoso.com']);

    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: id, action: 'rule.updated' } });
    expect(Object.keys(audit.before as object).sort()).toEqual(['deviceGroupIds', 'deviceGroupScope', 'name', 'recipients']);
    expect(audit.after).toMatchObject({ name: 'Renamed', deviceGroupScope: 'all' });
  });

  it('refuses a reader, and the rule stays as it was', async () => {
    const id = await seedRule(own);
    signInAs(own.users.SECURITY_READER);
    expect(await updateRuleAction({ id, rule: ruleInput(own, { name: 'Hijacked' }) })).toEqual({ ok: false, error: 'forbidden' });
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).name).toBe('Critical to SOC');
  });

  it("answers not found for another tenant's rule and leaves it untouched", async () => {
    const id = await seedRule(other);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await updateRuleAction({ id, rule: ruleInput(own, { name: 'Hijacked' }) })).toEqual({ ok: false, error: 'notFound' });
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).name).toBe('Critical to SOC');
  });
});

describe('setRuleEnabledAction', () => {
  it('turns a rule off and on again, auditing each change', async () => {
    const id = await seedRule(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await setRuleEnabledAction({ id, enabled: false })).toEqual({ ok: true, data: null });
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    expect(await setRuleEnabledAction({ id, enabled: true })).toEqual({ ok: true, data: null });
    const actions = await db().auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(['rule.created', 'rule.disabled', 'rule.enabled']);
  });

  it('refuses an operator and another tenant', async () => {
    const id = await seedRule(own);
    signInAs(own.users.SECURITY_OPERATOR);
    expect(await setRuleEnabledAction({ id, enabled: false })).toEqual({ ok: false, error: 'forbidden' });
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect(await setRuleEnabledAction({ id, enabled: false })).toEqual({ ok: false, error: 'notFound' });
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
  });
});

describe('deleteRuleAction', () => {
  it('deletes the rule with its children and keeps an audit entry of what it was', async () => {
    const id = await seedRule(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await deleteRuleAction({ id })).toEqual({ ok: true, data: null });
    expect(await db().notificationRule.findUnique({ where: { id } })).toBeNull();
    expect(await db().ruleRecipient.count({ where: { ruleId: id } })).toBe(0);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: id, action: 'rule.deleted' } });
    expect(audit.before).toMatchObject({ name: 'Critical to SOC' });
  });

  it('refuses a reader, answers not found across tenants and for a made-up id', async () => {
    const id = await seedRule(own);
    signInAs(own.users.SECURITY_READER);
    expect(await deleteRuleAction({ id })).toEqual({ ok: false, error: 'forbidden' });
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect(await deleteRuleAction({ id })).toEqual({ ok: false, error: 'notFound' });
    expect(await deleteRuleAction({ id: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, error: 'notFound' });
    expect(await deleteRuleAction({ id: 'not-a-uuid' })).toMatchObject({ ok: false, error: 'invalidInput' });
    expect(await db().notificationRule.findUnique({ where: { id } })).not.toBeNull();
  });
});
