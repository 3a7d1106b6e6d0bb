import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { scopeFor } from '@/lib/auth/authorize';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { RbacPermission } from '@/lib/generated/prisma/enums';

// Roles and role assignments through the server actions a Global Administrator's browser calls, against the
// real PostgreSQL. Only reading the session cookie and revalidating Next's cache are replaced.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createRbacRoleAction } = await import('@/lib/actions/create-rbac-role');
const { updateRbacRoleAction } = await import('@/lib/actions/update-rbac-role');
const { deleteRbacRoleAction } = await import('@/lib/actions/delete-rbac-role');
const { setUserRbacRolesAction } = await import('@/lib/actions/set-user-rbac-roles');
const { createUserAction } = await import('@/lib/actions/create-user');
const { createRuleAction } = await import('@/lib/actions/create-rule');
const { getPortalUser } = await import('@/lib/auth/session');
const { listRbacRoles } = await import('@/lib/data/rbac-roles');
const { listUsers } = await import('@/lib/data/users');
const { listDeviceGroups } = await import('@/lib/data/device-groups');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

function roleInput(world: World, overrides: Partial<{ name: string; description: string; permissions: RbacPermission[]; deviceGroupIds: string[] }> = {}) {
  return {
    name: unique('Servers team'),
    description: 'Looks after the servers',
    permissions: ['manageSecuritySettings'] as RbacPermission[],
    deviceGroupIds: [world.groups[1].id],
    ...overrides,
  };
}

async function addRole(world: World, overrides: Parameters<typeof roleInput>[1] = {}) {
  signInAs(world.users.GLOBAL_ADMINISTRATOR);
  const input = roleInput(world, overrides);
  const result = await createRbacRoleAction(input);
  if (!result.ok) throw new Error(`adding a role failed: ${result.error}`);
  return { id: result.data.id, ...input };
}

const auditOf = (world: World, targetType: string, targetId: string) =>
  db().auditEntry.findMany({ where: { tenantId: world.tenant.id, targetType, targetId }, orderBy: { createdAt: 'asc' } });
const rolesOfTenant = (world: World) => db().rbacRole.count({ where: { tenantId: world.tenant.id } });
const heldRoleIds = async (userId: string) =>
  (await db().userRbacRole.findMany({ where: { userId }, select: { roleId: true } })).map((link) => link.roleId).sort();

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

beforeEach(() => signInAs(null));

describe('createRbacRoleAction', () => {
  it('creates the role over the chosen groups in the caller’s tenant, and audits it', async () => {
    const role = await addRole(own, { permissions: ['viewIncidents', 'manageSecuritySettings'], deviceGroupIds: [own.groups[1].id, own.groups[0].id] });
    const stored = await db().rbacRole.findUniqueOrThrow({ where: { id: role.id }, include: { deviceGroups: true } });
    expect(stored).toMatchObject({ tenantId: own.tenant.id, name: role.name, nameKey: role.name.toLowerCase(), description: role.description });
    expect(stored.permissions.sort()).toEqual(['manageSecuritySettings', 'viewIncidents']);
    expect(stored.deviceGroups.map((link) => [link.deviceGroupId, link.tenantId]).sort()).toEqual(
      [[own.groups[0].id, own.tenant.id], [own.groups[1].id, own.tenant.id]].sort(),
    );

    const [entry] = await auditOf(own, 'rbacRole', role.id);
    expect(entry).toMatchObject({ action: 'rbacRole.created', actorId: own.users.GLOBAL_ADMINISTRATOR.id, before: null });
    expect(entry.after).toEqual({
      name: role.name,
      description: role.description,
      permissions: ['manageSecuritySettings', 'viewIncidents'],
      deviceGroups: [own.groups[0], own.groups[1]].map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    });

    const listed = (await listRbacRoles(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR))).find((r) => r.id === role.id);
    expect(listed).toMatchObject({ name: role.name, userCount: 0, deviceGroups: [{ name: 'Clients' }, { name: 'Servers' }] });
  });

  it('refuses a name the tenant already uses, whatever its case, as an error on the name field', async () => {
    const first = await addRole(own);
    const result = await createRbacRoleAction(roleInput(own, { name: `  ${first.name.toUpperCase()} ` }));
    expect(result).toEqual({ ok: false, error: 'rbacRoleNameTaken', fieldErrors: { name: 'rbacRoleNameTaken' } });
    expect(await db().rbacRole.count({ where: { tenantId: own.tenant.id, nameKey: first.name.toLowerCase() } })).toBe(1);
    // Another organization may use the same name.
    expect(await addRole(other, { name: first.name, deviceGroupIds: [other.groups[0].id] })).toMatchObject({ name: first.name });
  });

  it('refuses another tenant’s device group as not found, alone or next to its own, and writes nothing', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const count = await rolesOfTenant(own);
    for (const deviceGroupIds of [[other.groups[0].id], [own.groups[0].id, other.groups[0].id]]) {
      expect(await createRbacRoleAction(roleInput(own, { deviceGroupIds }))).toEqual({ ok: false, error: 'notFound' });
    }
    expect(await rolesOfTenant(own)).toBe(count);
    expect(await db().rbacRoleDeviceGroup.count({ where: { deviceGroupId: other.groups[0].id, role: { tenantId: own.tenant.id } } })).toBe(0);
  });

  it('needs a name, a permission and a device group: there is no role for all device groups', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await createRbacRoleAction(roleInput(own, { name: ' ', permissions: [], deviceGroupIds: [] }))).toMatchObject({
      ok: false,
      error: 'invalidInput',
      fieldErrors: { name: 'rbacRoleNameRequired', permissions: 'rbacPermissionRequired', deviceGroupIds: 'rbacRoleDeviceGroupRequired' },
    });
    expect(await createRbacRoleAction(roleInput(own, { name: 'x'.repeat(101), description: 'x'.repeat(501) }))).toMatchObject({
      fieldErrors: { name: 'rbacRoleNameTooLong', description: 'rbacRoleDescriptionTooLong' },
    });
    const tampered = { ...roleInput(own), permissions: ['manageUsers'], allDeviceGroups: true } as unknown as ReturnType<typeof roleInput>;
    expect(await createRbacRoleAction(tampered)).toMatchObject({ ok: false, fieldErrors: { 'permissions.0': 'invalid' } });
  });

  it('is refused to everyone but a Global Administrator', async () => {
    for (const role of ['SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'] as const) {
      signInAs(own.users[role]);
      expect(await createRbacRoleAction(roleInput(own))).toEqual({ ok: false, error: 'forbidden' });
    }
  });
});

describe('updateRbacRoleAction', () => {
  it('replaces name, permissions and groups, and audits only what changed', async () => {
    const role = await addRole(own);
    const renamed = unique('Domain team');
    const input = { id: role.id, ...roleInput(own, { name: renamed, description: role.description, permissions: ['viewIncidents'], deviceGroupIds: [own.groups[2].id] }) };
    expect(await updateRbacRoleAction(input)).toEqual({ ok: true, data: null });

    const stored = await db().rbacRole.findUniqueOrThrow({ where: { id: role.id }, include: { deviceGroups: true } });
    expect(stored).toMatchObject({ name: renamed, nameKey: renamed.toLowerCase(), permissions: ['viewIncidents'] });
    expect(stored.deviceGroups.map((link) => link.deviceGroupId)).toEqual([own.groups[2].id]);
    const entry = (await auditOf(own, 'rbacRole', role.id)).at(-1)!;
    expect(entry.action).toBe('rbacRole.updated');
    expect(entry.before).toEqual({
      name: role.name,
      permissions: ['manageSecuritySettings'],
      deviceGroups: [{ id: own.groups[1].id, name: 'Servers' }],
    });
    expect(entry.after).toEqual({ name: renamed, permissions: ['viewIncidents'], deviceGroups: [{ id: own.groups[2].id, name: 'Domain controllers' }] });
    // Saving it unchanged writes no entry.
    expect(await updateRbacRoleAction(input)).toEqual({ ok: true, data: null });
    expect(await auditOf(own, 'rbacRole', role.id)).toHaveLength(2);
  });

  it('keeps its own name in another case, but not another role’s name', async () => {
    const role = await addRole(own);
    const rival = await addRole(own);
    expect(await updateRbacRoleAction({ id: role.id, ...roleInput(own, { name: role.name.toUpperCase() }) })).toEqual({ ok: true, data: null });
    expect(await updateRbacRoleAction({ id: role.id, ...roleInput(own, { name: rival.name.toLowerCase() }) })).toEqual({
      ok: false,
      error: 'rbacRoleNameTaken',
      fieldErrors: { name: 'rbacRoleNameTaken' },
    });
  });

  it('answers notFound for another tenant’s role or device group and changes nothing', async () => {
    const theirs = await addRole(other, { deviceGroupIds: [other.groups[0].id] });
    const mine = await addRole(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await updateRbacRoleAction({ id: theirs.id, ...roleInput(own) })).toEqual({ ok: false, error: 'notFound' });
    expect(await updateRbacRoleAction({ id: mine.id, ...roleInput(own, { deviceGroupIds: [other.groups[1].id] }) })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await db().rbacRole.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: theirs.name, tenantId: other.tenant.id });
    const links = await db().rbacRoleDeviceGroup.findMany({ where: { roleId: mine.id } });
    expect(links.map((link) => link.deviceGroupId)).toEqual([own.groups[1].id]);
  });
});

describe('deleteRbacRoleAction', () => {
  it('deletes the role and every assignment of it, and audits who held it', async () => {
    const role = await addRole(own);
    const holder = own.users.SECURITY_OPERATOR;
    expect(await setUserRbacRolesAction({ userId: holder.id, roleIds: [role.id] })).toEqual({ ok: true, data: null });
    expect(await deleteRbacRoleAction({ id: role.id })).toEqual({ ok: true, data: null });

    expect(await db().rbacRole.count({ where: { id: role.id } })).toBe(0);
    expect(await db().userRbacRole.count({ where: { roleId: role.id } })).toBe(0);
    expect(await db().rbacRoleDeviceGroup.count({ where: { roleId: role.id } })).toBe(0);
    const entry = (await auditOf(own, 'rbacRole', role.id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'rbacRole.deleted', after: null });
    expect(entry.before).toMatchObject({ name: role.name, users: [holder.email] });
  });

  it('answers notFound for another tenant’s role and deletes nothing', async () => {
    const theirs = await addRole(other, { deviceGroupIds: [other.groups[0].id] });
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await deleteRbacRoleAction({ id: theirs.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await db().rbacRole.count({ where: { id: theirs.id } })).toBe(1);
  });
});

describe('setUserRbacRolesAction', () => {
  it('replaces the user’s roles, audits the change by name, and writes nothing when nothing changes', async () => {
    const first = await addRole(own);
    const second = await addRole(own);
    const user = own.users.SECURITY_READER;
    expect(await setUserRbacRolesAction({ userId: user.id, roleIds: [first.id, second.id] })).toEqual({ ok: true, data: null });
    expect(await heldRoleIds(user.id)).toEqual([first.id, second.id].sort());
    expect(await setUserRbacRolesAction({ userId: user.id, roleIds: [second.id] })).toEqual({ ok: true, data: null });
    expect(await heldRoleIds(user.id)).toEqual([second.id]);

    const entries = (await auditOf(own, 'user', user.id)).filter((entry) => entry.action === 'user.rbacRolesChanged');
    expect(entries.at(-1)!.before).toEqual({ rbacRoles: [first.name, second.name].sort((a, b) => a.localeCompare(b)) });
    expect(entries.at(-1)!.after).toEqual({ rbacRoles: [second.name] });
    expect(await setUserRbacRolesAction({ userId: user.id, roleIds: [second.id] })).toEqual({ ok: true, data: null });
    expect((await auditOf(own, 'user', user.id)).filter((entry) => entry.action === 'user.rbacRolesChanged')).toHaveLength(entries.length);

    const listed = (await listUsers(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR))).find((u) => u.id === user.id);
    expect(listed?.rbacRoles).toEqual([{ id: second.id, name: second.name }]);
    await setUserRbacRolesAction({ userId: user.id, roleIds: [] });
    expect(await heldRoleIds(user.id)).toEqual([]);
  });

  it('refuses another tenant’s role or user as not found and assigns nothing', async () => {
    const theirs = await addRole(other, { deviceGroupIds: [other.groups[0].id] });
    const mine = await addRole(own);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const user = own.users.SECURITY_OPERATOR;
    const before = await heldRoleIds(user.id);
    expect(await setUserRbacRolesAction({ userId: user.id, roleIds: [mine.id, theirs.id] })).toEqual({ ok: false, error: 'notFound' });
    expect(await heldRoleIds(user.id)).toEqual(before);
    // Nor can another tenant's user be given this tenant's role.
    expect(await setUserRbacRolesAction({ userId: other.users.SECURITY_READER.id, roleIds: [mine.id] })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await heldRoleIds(other.users.SECURITY_READER.id)).toEqual([]);
  });

  it('refuses the same role twice and is refused to a Security Administrator', async () => {
    const role = await addRole(own);
    expect(await setUserRbacRolesAction({ userId: own.users.SECURITY_READER.id, roleIds: [role.id, role.id] })).toMatchObject({
      ok: false,
      fieldErrors: { roleIds: 'rbacRoleDuplicate' },
    });
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    expect(await setUserRbacRolesAction({ userId: own.users.SECURITY_ADMINISTRATOR.id, roleIds: [role.id] })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await heldRoleIds(own.users.SECURITY_ADMINISTRATOR.id)).toEqual([]);
  });
});

describe('createUserAction with roles', () => {
  const newUser = (rbacRoleIds: string[]) => ({
    name: unique('Kim'),
    email: `kim-${randomUUID()}@contoso.com`,
    role: 'SECURITY_OPERATOR' as const,
    language: 'en' as const,
    password: 'a long enough password',
    rbacRoleIds,
  });

  it('adds the user holding the chosen roles, audited', async () => {
    const role = await addRole(own);
    const result = await createUserAction(newUser([role.id]));
    if (!result.ok) throw new Error(result.error);
    expect(await heldRoleIds(result.data.id)).toEqual([role.id]);
    expect((await auditOf(own, 'user', result.data.id)).map((entry) => entry.action)).toEqual(['user.created', 'user.rbacRolesChanged']);
  });

  it('adds nobody when a role is another tenant’s', async () => {
    const theirs = await addRole(other, { deviceGroupIds: [other.groups[0].id] });
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const input = newUser([theirs.id]);
    expect(await createUserAction(input)).toEqual({ ok: false, error: 'notFound' });
    expect(await db().user.count({ where: { email: input.email } })).toBe(0);
  });
});

describe('what a role grants, in the RBAC model', () => {
  let world: World;
  let member: { id: string; email: string };

  const access = async () => {
    signInAs(member);
    const current = await getPortalUser();
    if (!current) throw new Error('the session should still count');
    return current;
  };
  const ruleOver = (groupId: string) => ({
    name: unique('Scoped rule'),
    description: '',
    severities: ['high' as const],
    deviceGroupScope: 'selected' as const,
    deviceGroupIds: [groupId],
    sourceScope: 'all' as const,
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [{ email: 'soc@contoso.com', language: 'en' as const }],
  });

  beforeAll(async () => {
    world = await createTenant();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    member = world.users.SECURITY_ADMINISTRATOR;
  });

  it('takes effect on the next request when a role is assigned, changed, taken away or deleted, without signing anyone out', async () => {
    const [clients, servers] = world.groups;
    // The directory role alone grants nothing in the RBAC model.
    let current = await access();
    expect(current.can('rules.view')).toBe(false);
    expect(await listDeviceGroups(current.ctx)).toEqual([]);

    const role = await addRole(world, { permissions: ['manageSecuritySettings'], deviceGroupIds: [servers.id] });
    expect(await setUserRbacRolesAction({ userId: member.id, roleIds: [role.id] })).toEqual({ ok: true, data: null });
    current = await access();
    expect(current.can('rules.create')).toBe(true);
    expect(current.can('deviceGroups.manage')).toBe(false);
    expect(current.can('users.view')).toBe(false);
    expect(current.can('roles.view')).toBe(false);
    expect(current.can('apiKeys.view')).toBe(false);
    expect(scopeFor(current.actor, 'rules.create')).toEqual({ all: false, groupIds: new Set([servers.id]) });
    expect((await listDeviceGroups(current.ctx)).map((group) => group.id)).toEqual([servers.id]);
    signInAs(member);
    expect(await createRuleAction(ruleOver(servers.id))).toMatchObject({ ok: true });
    expect(await createRuleAction(ruleOver(clients.id))).toMatchObject({ ok: false, error: 'deviceGroupsNotManaged' });

    // The role now covers Clients instead of Servers.
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    expect(await updateRbacRoleAction({ id: role.id, ...roleInput(world, { name: role.name, deviceGroupIds: [clients.id] }) })).toMatchObject({ ok: true });
    current = await access();
    expect(scopeFor(current.actor, 'rules.create')).toEqual({ all: false, groupIds: new Set([clients.id]) });
    expect(await createRuleAction(ruleOver(servers.id))).toMatchObject({ ok: false, error: 'deviceGroupsNotManaged' });

    // Taken away: nothing is left, at once.
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    expect(await setUserRbacRolesAction({ userId: member.id, roleIds: [] })).toEqual({ ok: true, data: null });
    current = await access();
    expect(current.can('rules.view')).toBe(false);
    expect(await createRuleAction(ruleOver(clients.id))).toEqual({ ok: false, error: 'forbidden' });

    // Given back, then the role deleted: gone again.
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    await setUserRbacRolesAction({ userId: member.id, roleIds: [role.id] });
    expect((await access()).can('rules.create')).toBe(true);
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    expect(await deleteRbacRoleAction({ id: role.id })).toEqual({ ok: true, data: null });
    current = await access();
    expect(current.can('rules.view')).toBe(false);
    expect(await listDeviceGroups(current.ctx)).toEqual([]);
  });

  it('changes nothing for a Global Administrator, who holds everything everywhere', async () => {
    const admin = world.users.GLOBAL_ADMINISTRATOR;
    const role = await addRole(world, { permissions: ['viewIncidents'], deviceGroupIds: [world.groups[0].id] });
    expect(await setUserRbacRolesAction({ userId: admin.id, roleIds: [role.id] })).toEqual({ ok: true, data: null });
    const current = await getPortalUser();
    expect(current?.can('roles.manage')).toBe(true);
    expect(current?.can('deviceGroups.manage')).toBe(true);
    expect(scopeFor(current!.actor, 'rules.create')).toEqual({ all: true });
  });
});
