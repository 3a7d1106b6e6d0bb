import 'server-only';
import { scopeFor } from '@/lib/auth/authorize';
import type { GroupScope } from '@/lib/auth/scope';
import { db, type Db, type Tx } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { DeviceGroupOption, DeviceGroupView } from '@/lib/data/rule-views';
import type { DeviceGroupInput } from '@/lib/validation/device-group';
import { SafeError, notFound } from '@/lib/safe-error';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';

// The groups of a scope, as a where clause.
function inScope(scope: GroupScope): Prisma.DeviceGroupWhereInput {
  return scope.all ? {} : { id: { in: [...scope.groupIds] } };
}

// Only the groups the actor may see: in the RBAC model the others are not even named.
export async function listDeviceGroups(ctx: TenantContext): Promise<DeviceGroupView[]> {
  const rows = await db().deviceGroup.findMany({
    where: { tenantId: ctx.tenantId, ...inScope(scopeFor(ctx.actor, 'deviceGroups.view')) },
    include: { rules: { include: { rule: { select: { name: true } } } } },
    orderBy: { nameKey: 'asc' },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    rbacGroupId: row.rbacGroupId,
    usedByRules: row.rules.map((link) => link.rule.name).sort((a, b) => a.localeCompare(b)),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

// The groups the actor may choose for a rule: those they manage.
export async function listDeviceGroupOptions(ctx: TenantContext): Promise<DeviceGroupOption[]> {
  return db().deviceGroup.findMany({
    where: { tenantId: ctx.tenantId, ...inScope(scopeFor(ctx.actor, 'rules.create')) },
    select: { id: true, name: true },
    orderBy: { nameKey: 'asc' },
  });
}

// Names are unique per tenant regardless of case, and so are Defender RBAC group ids: ingest matches
// incoming groups on either, so two groups must never be able to claim the same incoming one.
async function assertUnique(tx: Tx, ctx: TenantContext, input: DeviceGroupInput, exceptId?: string) {
  const others = { tenantId: ctx.tenantId, ...(exceptId ? { NOT: { id: exceptId } } : {}) };
  if (await tx.deviceGroup.findFirst({ where: { ...others, nameKey: deviceGroupNameKey(input.name) } })) {
    throw new SafeError('deviceGroupNameTaken', undefined, { name: 'deviceGroupNameTaken' });
  }
  if (input.rbacGroupId && (await tx.deviceGroup.findFirst({ where: { ...others, rbacGroupId: input.rbacGroupId } }))) {
    throw new SafeError('rbacGroupIdTaken', undefined, { rbacGroupId: 'rbacGroupIdTaken' });
  }
}

// Serialises device-group writes of one tenant, so the uniqueness checks above cannot race each other.
async function lockTenantGroups(tx: Tx, ctx: TenantContext) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('device-groups:' || ${ctx.tenantId}))`;
}

export async function createDeviceGroup(ctx: TenantContext, input: DeviceGroupInput): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    await lockTenantGroups(tx, ctx);
    await assertUnique(tx, ctx, input);
    const row = await tx.deviceGroup.create({
      data: { tenantId: ctx.tenantId, name: input.name, nameKey: deviceGroupNameKey(input.name), rbacGroupId: input.rbacGroupId },
    });
    await writeAudit(tx, ctx, {
      action: 'deviceGroup.created',
      targetType: 'deviceGroup',
      targetId: row.id,
      targetName: row.name,
      before: null,
      after: { name: row.name, rbacGroupId: row.rbacGroupId },
    });
    return { id: row.id };
  });
}

export async function updateDeviceGroup(ctx: TenantContext, id: string, input: DeviceGroupInput): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenantGroups(tx, ctx);
    const before = await tx.deviceGroup.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!before) throw notFound();
    await assertUnique(tx, ctx, input, id);
    await tx.deviceGroup.update({
      where: { id_tenantId: { id, tenantId: ctx.tenantId } },
      data: { name: input.name, nameKey: deviceGroupNameKey(input.name), rbacGroupId: input.rbacGroupId },
    });
    await writeAudit(tx, ctx, {
      action: 'deviceGroup.updated',
      targetType: 'deviceGroup',
      targetId: id,
      targetName: input.name,
      before: { name: before.name, rbacGroupId: before.rbacGroupId },
      after: { name: input.name, rbacGroupId: input.rbacGroupId },
    });
  });
}

export async function deleteDeviceGroup(ctx: TenantContext, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenantGroups(tx, ctx);
    const group = await tx.deviceGroup.findFirst({
      where: { id, tenantId: ctx.tenantId },
      include: { rules: { include: { rule: { select: { name: true } } } } },
    });
    if (!group) throw notFound();
    if (group.rules.length > 0) {
      const names = group.rules.map((link) => link.rule.name).sort((a, b) => a.localeCompare(b));
      throw new SafeError('deviceGroupInUse', { rules: names.join(', ') });
    }
    // The foreign key (ON DELETE RESTRICT) still refuses if a rule picked this group meanwhile.
    await tx.deviceGroup.delete({ where: { id_tenantId: { id, tenantId: ctx.tenantId } } });
    await writeAudit(tx, ctx, {
      action: 'deviceGroup.deleted',
      targetType: 'deviceGroup',
      targetId: id,
      targetName: group.name,
      before: { name: group.name, rbacGroupId: group.rbacGroupId },
      after: null,
    });
  });
}

// The tenant's groups with these names (compared as the unique name key is), for callers that name
// groups rather than pick them (the rules API). Names not found are simply absent from the map.
// `client`: the transaction of a caller that holds locks (an import), so the lookup does not need a second
// connection from a pool that other lock waiters may hold.
export async function deviceGroupIdsByName(ctx: TenantContext, names: readonly string[], client: Db | Tx = db()): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await client.deviceGroup.findMany({
    where: { tenantId: ctx.tenantId, nameKey: { in: names.map(deviceGroupNameKey) } },
    select: { id: true, nameKey: true },
  });
  return new Map(rows.map((row) => [row.nameKey, row.id]));
}
