import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import { RBAC_PERMISSIONS } from '@/lib/auth/permissions';
import { Prisma } from '@/lib/generated/prisma/client';
import type { RbacPermission } from '@/lib/generated/prisma/enums';
import type { RbacRoleInput } from '@/lib/validation/rbac-role';
import { SafeError, notFound } from '@/lib/safe-error';

// The roles of the RBAC permissions model (Settings → Roles) and who holds them. Only a Global Administrator
// gets here (the actions check 'roles.manage' / 'users.manage'); what the roles grant is worked out per request
// in lib/auth, so every change below takes effect on the holder's next request.

export type RbacRoleView = {
  id: string;
  name: string;
  description: string;
  permissions: RbacPermission[];
  deviceGroups: DeviceGroupOption[];
  userCount: number;
  updatedAt: string;
};

export type RbacRoleOption = { id: string; name: string };

export const rbacRoleNameKey = (name: string) => name.trim().toLocaleLowerCase('en');

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
const inPermissionOrder = (permissions: readonly RbacPermission[]) =>
  RBAC_PERMISSIONS.filter((permission) => permissions.includes(permission));

const roleInclude = {
  deviceGroups: { select: { deviceGroup: { select: { id: true, name: true } } } },
  _count: { select: { users: true } },
} as const;

type RoleRow = Prisma.RbacRoleGetPayload<{ include: typeof roleInclude }>;

function viewOf(row: RoleRow): RbacRoleView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: inPermissionOrder(row.permissions),
    deviceGroups: row.deviceGroups.map((link) => link.deviceGroup).sort(byName),
    userCount: row._count.users,
    updatedAt: row.updatedAt.toISOString(),
  };
}

// What the audit trail keeps of a role.
const snapshot = (role: { name: string; description: string; permissions: RbacPermission[]; deviceGroups: DeviceGroupOption[] }) => ({
  name: role.name,
  description: role.description,
  permissions: inPermissionOrder(role.permissions),
  deviceGroups: [...role.deviceGroups].sort(byName).map(({ id, name }) => ({ id, name })),
});

export async function listRbacRoles(ctx: TenantContext): Promise<RbacRoleView[]> {
  const rows = await db().rbacRole.findMany({
    where: { tenantId: ctx.tenantId },
    include: roleInclude,
    orderBy: { nameKey: 'asc' },
  });
  return rows.map(viewOf);
}

export async function listRbacRoleOptions(ctx: TenantContext): Promise<RbacRoleOption[]> {
  return db().rbacRole.findMany({
    where: { tenantId: ctx.tenantId },
    select: { id: true, name: true },
    orderBy: { nameKey: 'asc' },
  });
}

// Serialises role writes and role assignments of one tenant: the name check cannot race, and a role cannot
// be deleted between being found and being assigned.
async function lockTenantRoles(tx: Tx, ctx: TenantContext) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('rbac-roles:' || ${ctx.tenantId}))`;
}

const nameTaken = () => new SafeError('rbacRoleNameTaken', undefined, { name: 'rbacRoleNameTaken' });

async function assertNameFree(tx: Tx, ctx: TenantContext, name: string, exceptId?: string) {
  const clash = await tx.rbacRole.findFirst({
    where: { tenantId: ctx.tenantId, nameKey: rbacRoleNameKey(name), ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw nameTaken();
}

// Ids from the browser count only once found in the caller's tenant; one that is not (another tenant's, or
// deleted meanwhile) does not exist for the caller.
async function tenantDeviceGroups(tx: Tx, ctx: TenantContext, ids: readonly string[]): Promise<DeviceGroupOption[]> {
  const groups = await tx.deviceGroup.findMany({
    where: { tenantId: ctx.tenantId, id: { in: [...ids] } },
    select: { id: true, name: true },
  });
  if (groups.length !== new Set(ids).size) throw notFound();
  return groups;
}

async function tenantRoles(tx: Tx, ctx: TenantContext, ids: readonly string[]): Promise<RbacRoleOption[]> {
  if (ids.length === 0) return [];
  const roles = await tx.rbacRole.findMany({
    where: { tenantId: ctx.tenantId, id: { in: [...ids] } },
    select: { id: true, name: true },
  });
  if (roles.length !== new Set(ids).size) throw notFound();
  return roles;
}

// Two administrators creating the same name at once: the unique index decides.
async function withNameConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw nameTaken();
    throw error;
  }
}

export async function createRbacRole(ctx: TenantContext, input: RbacRoleInput): Promise<{ id: string }> {
  return withNameConflict(() =>
    db().$transaction(async (tx) => {
      await lockTenantRoles(tx, ctx);
      await assertNameFree(tx, ctx, input.name);
      const groups = await tenantDeviceGroups(tx, ctx, input.deviceGroupIds);
      const row = await tx.rbacRole.create({
        data: {
          tenantId: ctx.tenantId,
          name: input.name,
          nameKey: rbacRoleNameKey(input.name),
          description: input.description,
          permissions: inPermissionOrder(input.permissions),
          deviceGroups: { create: groups.map((group) => ({ tenantId: ctx.tenantId, deviceGroupId: group.id })) },
        },
      });
      await writeAudit(tx, ctx, {
        action: 'rbacRole.created',
        targetType: 'rbacRole',
        targetId: row.id,
        targetName: row.name,
        before: null,
        after: snapshot({ ...input, deviceGroups: groups }),
      });
      return { id: row.id };
    }),
  );
}

async function findRole(tx: Tx, ctx: TenantContext, id: string) {
  const row = await tx.rbacRole.findFirst({ where: { id, tenantId: ctx.tenantId }, include: roleInclude });
  if (!row) throw notFound();
  return viewOf(row);
}

export async function updateRbacRole(ctx: TenantContext, id: string, input: RbacRoleInput): Promise<void> {
  await withNameConflict(() =>
    db().$transaction(async (tx) => {
      await lockTenantRoles(tx, ctx);
      const before = await findRole(tx, ctx, id);
      await assertNameFree(tx, ctx, input.name, id);
      const groups = await tenantDeviceGroups(tx, ctx, input.deviceGroupIds);
      const after = snapshot({ ...input, deviceGroups: groups });
      if (JSON.stringify(snapshot(before)) === JSON.stringify(after)) return;
      await tx.rbacRole.update({
        where: { id_tenantId: { id, tenantId: ctx.tenantId } },
        data: {
          name: input.name,
          nameKey: rbacRoleNameKey(input.name),
          description: input.description,
          permissions: inPermissionOrder(input.permissions),
          deviceGroups: {
            deleteMany: {},
            create: groups.map((group) => ({ tenantId: ctx.tenantId, deviceGroupId: group.id })),
          },
        },
      });
      await writeAudit(tx, ctx, {
        action: 'rbacRole.updated',
        targetType: 'rbacRole',
        targetId: id,
        targetName: input.name,
        before: snapshot(before),
        after,
      });
    }),
  );
}

// Its holders lose what it granted at their next request.
export async function deleteRbacRole(ctx: TenantContext, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenantRoles(tx, ctx);
    const before = await findRole(tx, ctx, id);
    const holders = await tx.userRbacRole.findMany({
      where: { roleId: id, tenantId: ctx.tenantId },
      select: { user: { select: { email: true } } },
    });
    await tx.rbacRole.delete({ where: { id_tenantId: { id, tenantId: ctx.tenantId } } });
    await writeAudit(tx, ctx, {
      action: 'rbacRole.deleted',
      targetType: 'rbacRole',
      targetId: id,
      targetName: before.name,
      before: { ...snapshot(before), users: holders.map((link) => link.user.email).sort() },
      after: null,
    });
  });
}

// Replaces the roles the user holds with `roleIds` (inside the caller's transaction), and audits the change.
// Also used when a user is added with roles.
export async function replaceUserRbacRoles(
  tx: Tx,
  ctx: TenantContext,
  user: { id: string; name: string },
  roleIds: readonly string[],
): Promise<void> {
  await lockTenantRoles(tx, ctx);
  const roles = await tenantRoles(tx, ctx, roleIds);
  const current = await tx.userRbacRole.findMany({
    where: { userId: user.id, tenantId: ctx.tenantId },
    select: { role: { select: { id: true, name: true } } },
  });
  const namesOf = (list: RbacRoleOption[]) => list.map((role) => role.name).sort((a, b) => a.localeCompare(b));
  const before = namesOf(current.map((link) => link.role));
  const after = namesOf(roles);
  if (JSON.stringify(before) === JSON.stringify(after)) return;

  await tx.userRbacRole.deleteMany({ where: { userId: user.id, tenantId: ctx.tenantId } });
  await tx.userRbacRole.createMany({
    data: roles.map((role) => ({ userId: user.id, roleId: role.id, tenantId: ctx.tenantId })),
  });
  await writeAudit(tx, ctx, {
    action: 'user.rbacRolesChanged',
    targetType: 'user',
    targetId: user.id,
    targetName: user.name,
    before: { rbacRoles: before },
    after: { rbacRoles: after },
  });
}

// Takes effect on the user's next request: access is read from the database every time (lib/auth/session.ts).
export async function setUserRbacRoles(ctx: TenantContext, userId: string, roleIds: readonly string[]): Promise<void> {
  await db().$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, tenantId: ctx.tenantId }, select: { id: true, name: true } });
    if (!user) throw notFound();
    await replaceUserRbacRoles(tx, ctx, user, roleIds);
  });
}
