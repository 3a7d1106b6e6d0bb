import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { describeEntry } from '@/lib/audit-log/describe';
import { describeContext } from '@/lib/audit-log/translator';
import { AUDIT_LOG_PAGE_SIZE, listAuditLog } from '@/lib/data/audit-log';
import { createDeviceGroup, updateDeviceGroup } from '@/lib/data/device-groups';
import { createRule, deleteRule, setRuleEnabled, updateRule } from '@/lib/data/rules';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import type { RuleInput } from '@/lib/validation/rule';

// The audit log as its readers get it, against the real database: entries written by the real data functions,
// filtered, paged newest first, limited to the reader's tenant, and in the RBAC model to the rules of the
// reader's device groups (deleted ones by the groups they had when deleted), the rest counted.

type World = Awaited<ReturnType<typeof createTenant>>;
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

function ruleInput(name: string, groups: string[] | 'all', recipients = ['soc@contoso.com']): RuleInput {
  return {
    name,
    description: '',
    severities: ['high'],
    deviceGroupScope: groups === 'all' ? 'all' : 'selected',
    deviceGroupIds: groups === 'all' ? [] : groups,
    sourceScope: 'all',
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: recipients.map((email) => ({ email, language: 'en' as const })),
  };
}

function scopedContext(world: World, user: { id: string; email: string }, groupIds: string[]): TenantContext {
  const access = accessOf({ role: 'SECURITY_READER', permissionsModel: 'RBAC', rbacRoles: [{ permissions: ['viewIncidents'], deviceGroupIds: groupIds }] });
  return { tenantId: world.tenant.id, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId: world.tenant.id, role: 'SECURITY_READER', access } };
}

const admin = (world: World) => basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
const names = (page: { entries: { targetName: string; action: string }[] }) => page.entries.map((entry) => `${entry.action} ${entry.targetName}`);

describe('filters and pages (Global Administrator)', () => {
  let world: World;
  let other: World;
  let ruleId: string;
  let ruleName: string;

  beforeAll(async () => {
    world = await createTenant();
    other = await createTenant();
    ruleName = unique('Filtered rule');
    ({ id: ruleId } = await createRule(admin(world), ruleInput(ruleName, 'all')));
    await updateRule(admin(world), ruleId, ruleInput(ruleName, [world.groups[0].id], ['soc@contoso.com', 'cert@contoso.com']));
    const group = await createDeviceGroup(admin(world), { name: unique('Group'), rbacGroupId: '' });
    await updateDeviceGroup(admin(world), group.id, { name: unique('Renamed group'), rbacGroupId: '' });
    // Written by the rules API: the actor is the key.
    await setRuleEnabled({ ...admin(world), userEmail: 'api-key:imk_AbCdEf', apiKey: { id: randomUUID(), prefix: 'imk_AbCdEf' } }, ruleId, false);
    await createRule(admin(other), ruleInput(unique('Other tenant rule'), 'all'));
  });

  it('lists the tenant’s entries newest first, and nothing of another tenant', async () => {
    const page = await listAuditLog(admin(world), {});
    expect(page.entries.map((entry) => entry.action)).toEqual([
      'rule.disabled',
      'deviceGroup.updated',
      'deviceGroup.created',
      'rule.updated',
      'rule.created',
    ]);
    expect(page.total).toBe(5);
    expect(page.hiddenCount).toBe(0);
    expect(names(page).join()).not.toContain('Other tenant rule');
    // An update keeps only what changed.
    const update = page.entries.find((entry) => entry.action === 'rule.updated')!;
    expect(Object.keys(update.after!).sort()).toEqual(['deviceGroupIds', 'deviceGroupScope', 'recipients']);
  });

  it('filters by target type, target id, actor (part, any case) and dates', async () => {
    expect((await listAuditLog(admin(world), { targetType: 'deviceGroup' })).entries.map((e) => e.action)).toEqual(['deviceGroup.updated', 'deviceGroup.created']);
    expect((await listAuditLog(admin(world), { targetType: 'rule', targetId: ruleId })).total).toBe(3);
    const byKey = await listAuditLog(admin(world), { actor: 'IMK_abc' });
    expect(byKey.entries.map((e) => [e.action, e.actor])).toEqual([['rule.disabled', 'api-key:imk_AbCdEf']]);
    expect((await listAuditLog(admin(world), { actor: world.users.GLOBAL_ADMINISTRATOR.email.slice(0, 12).toUpperCase() })).total).toBe(4);

    // Move the creation back two days: "to" includes the whole day it names, "from" starts at midnight UTC.
    const created = await db().auditEntry.findFirstOrThrow({ where: { tenantId: world.tenant.id, action: 'rule.created' } });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await db().auditEntry.update({ where: { id: created.id }, data: { createdAt: twoDaysAgo } });
    const day = twoDaysAgo.toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditLog(admin(world), { from: day, to: day })).entries.map((e) => e.action)).toEqual(['rule.created']);
    expect((await listAuditLog(admin(world), { from: today })).total).toBe(4);
    expect((await listAuditLog(admin(world), { to: day })).total).toBe(1);
  });

  it('pages newest first with an id cursor, without overlap or gaps', async () => {
    const paged = await createTenant();
    const ctx = admin(paged);
    const firstName = unique('Paged');
    const group = await createDeviceGroup(ctx, { name: firstName, rbacGroupId: '' });
    for (let i = 0; i < AUDIT_LOG_PAGE_SIZE + 4; i++) await updateDeviceGroup(ctx, group.id, { name: `Paged ${i}`, rbacGroupId: '' });
    const first = await listAuditLog(ctx, {});
    expect(first.entries).toHaveLength(AUDIT_LOG_PAGE_SIZE);
    expect(first.total).toBe(AUDIT_LOG_PAGE_SIZE + 5);
    expect(first.entries[0].targetName).toBe(`Paged ${AUDIT_LOG_PAGE_SIZE + 3}`);
    expect(first.nextCursor).toBe(first.entries[AUDIT_LOG_PAGE_SIZE - 1].id);
    const second = await listAuditLog(ctx, { cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.targetName)).toEqual(['Paged 3', 'Paged 2', 'Paged 1', 'Paged 0', firstName]);
    expect(second.entries.map((e) => e.targetId)).toEqual(Array(5).fill(group.id));
    expect(second.entries[4].action).toBe('deviceGroup.created');
    expect(second.nextCursor).toBeNull();
    const ids = new Set([...first.entries, ...second.entries].map((e) => e.id));
    expect(ids.size).toBe(AUDIT_LOG_PAGE_SIZE + 5);
  });

  it('refuses a reader whose role does not include the log (Basic model: anyone but a Global Administrator)', async () => {
    for (const role of ['SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'] as const) {
      await expect(listAuditLog(basicContext(world.tenant.id, world.users[role], role), {})).rejects.toMatchObject({ key: 'forbidden' });
    }
  });
});

describe('the RBAC model: a reader limited to some device groups', () => {
  let world: World;
  let reader: TenantContext;
  const rules: Record<string, { id: string; name: string }> = {};

  beforeAll(async () => {
    world = await createTenant();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    const [inside, outside] = world.groups;
    const ctx = admin(world);
    for (const [key, groups] of [
      ['inside', [inside.id]],
      ['partly', [inside.id, outside.id]],
      ['all', 'all'],
      ['outside', [outside.id]],
      ['deletedInside', [inside.id]],
      ['deletedOutside', [outside.id]],
      ['movedOut', [inside.id]],
    ] as const) {
      const name = unique(`RBAC ${key}`);
      rules[key] = { ...(await createRule(ctx, ruleInput(name, groups as string[] | 'all'))), name };
    }
    await updateRule(ctx, rules.inside.id, { ...ruleInput(rules.inside.name, [inside.id]), description: 'Changed' });
    await deleteRule(ctx, rules.deletedInside.id);
    await deleteRule(ctx, rules.deletedOutside.id);
    // A rule that left the reader's groups: its history (creation included) leaves with it.
    await updateRule(ctx, rules.movedOut.id, ruleInput(rules.movedOut.name, [outside.id]));
    await createDeviceGroup(ctx, { name: unique('Hidden group'), rbacGroupId: '' });
    reader = scopedContext(world, world.users.SECURITY_READER, [inside.id]);
  });

  it('shows the entries of the rules they may see now, and of the deleted ones that concerned their groups', async () => {
    const page = await listAuditLog(reader, {});
    const seen = new Set(page.entries.map((entry) => entry.targetName));
    expect([...seen].sort()).toEqual([rules.inside.name, rules.partly.name, rules.all.name, rules.deletedInside.name].sort());
    // The deleted rule's creation too, not only its deletion.
    expect(page.entries.filter((e) => e.targetName === rules.deletedInside.name).map((e) => e.action)).toEqual(['rule.deleted', 'rule.created']);
    expect(page.total).toBe(6);
    // outside: created; deletedOutside: created + deleted; movedOut: created + updated; the device group.
    expect(page.hiddenCount).toBe(6);
  });

  it('counts hidden entries by the period alone: the actor and target filters do not narrow the count', async () => {
    const everything = await listAuditLog(reader, {});
    expect(everything.hiddenCount).toBeGreaterThan(0);
    // Under the actor or target filters the count would tell, letter by letter, who changed what out of view.
    for (const filter of [{ targetType: 'deviceGroup' as const }, { targetType: 'rule' as const, targetId: rules.outside.id }, { actor: 'zzz-nobody' }]) {
      const page = await listAuditLog(reader, filter);
      expect(page.entries.every((entry) => entry.targetType === 'rule')).toBe(true);
      expect(page.hiddenCount).toBe(everything.hiddenCount);
    }
    // A period without any entry hides nothing.
    expect((await listAuditLog(reader, { from: '2000-01-01', to: '2000-01-02' })).hiddenCount).toBe(0);
  });

  it('names only the reader’s device groups in a diff, and counts the others', async () => {
    const page = await listAuditLog(reader, { targetId: rules.partly.id });
    expect(Object.keys(page.deviceGroupNames)).toEqual([world.groups[0].id]);
    const described = describeEntry(page.entries[0], describeContext('en', page.deviceGroupNames));
    const groups = described.changes.find((change) => change.field === 'Selected device groups')!;
    expect(groups.after).toEqual([world.groups[0].name, '1 other device group']);
    expect(JSON.stringify(described)).not.toContain(world.groups[1].name);
  });

  it('sees the whole log as a Global Administrator of the same organization', async () => {
    const page = await listAuditLog(admin(world), {});
    expect(page.hiddenCount).toBe(0);
    expect(page.total).toBe(12);
  });

  it('sees nothing without a role', async () => {
    const nobody = { ...reader, actor: { ...reader.actor, access: accessOf({ role: 'SECURITY_READER', permissionsModel: 'RBAC', rbacRoles: [] }) } };
    await expect(listAuditLog(nobody, {})).rejects.toMatchObject({ key: 'forbidden' });
  });
});
