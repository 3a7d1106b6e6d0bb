import 'server-only';
import { auditLogReach, type AuditLogReach } from '@/lib/auth/audit-log-reach';
import { canSee } from '@/lib/auth/authorize';
import type { ScopedResource } from '@/lib/auth/scope';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import { SafeError } from '@/lib/safe-error';
import { auditLogTimeRange, type AuditLogFilter } from '@/lib/validation/audit-log';

// The audit log as its readers see it (Settings → Audit log and its CSV export): the tenant's AuditEntry
// rows, newest first, filtered, and limited to what the reader may see (lib/auth/audit-log-reach.ts).

export const AUDIT_LOG_PAGE_SIZE = 50;
// An export is one response held in memory: beyond this many entries, narrow the filters.
export const AUDIT_LOG_EXPORT_MAX = 50_000;

type Snapshot = Record<string, unknown>;

export type AuditLogEntry = {
  id: string;
  createdAt: string;
  // A user's email, `api-key:<prefix>` for the rules API, or a `system:`/`cli` actor.
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string;
  // For an update only the fields that changed (lib/data/audit.ts); null for a creation's before and a deletion's after.
  before: Snapshot | null;
  after: Snapshot | null;
};

export type AuditLogPage = {
  entries: AuditLogEntry[];
  nextCursor: string | null;
  // Entries matching the filters that the reader sees, and those they may not see (counted, never named).
  total: number;
  hiddenCount: number;
  // Names of the device groups the reader may see, for the rule snapshots' deviceGroupIds; any other id is counted.
  deviceGroupNames: Record<string, string>;
};

// The reach of the signed-in user, with the organization's permissions model read afresh.
export async function auditLogReachOf(ctx: TenantContext): Promise<AuditLogReach> {
  const tenant = await db().tenant.findUnique({ where: { id: ctx.tenantId }, select: { permissionsModel: true } });
  return tenant ? auditLogReach(ctx.actor, tenant.permissionsModel) : { kind: 'none' };
}

export async function listAuditLog(ctx: TenantContext, filter: AuditLogFilter): Promise<AuditLogPage> {
  const { where, hidden, reach } = await queryOf(ctx, filter);
  const [rows, total, hiddenCount, deviceGroupNames] = await Promise.all([
    db().auditEntry.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: AUDIT_LOG_PAGE_SIZE + 1,
      ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    }),
    db().auditEntry.count({ where }),
    hidden === null ? null : db().auditEntry.count({ where: hidden }),
    groupNames(ctx, reach),
  ]);
  const page = rows.slice(0, AUDIT_LOG_PAGE_SIZE);
  return {
    entries: page.map(toEntry),
    nextCursor: rows.length > AUDIT_LOG_PAGE_SIZE ? page[page.length - 1].id : null,
    total,
    hiddenCount: hiddenCount ?? 0,
    deviceGroupNames,
  };
}

// Every entry matching the filters (the cursor ignored), newest first, for the CSV export.
export async function exportAuditLog(ctx: TenantContext, filter: AuditLogFilter): Promise<Omit<AuditLogPage, 'nextCursor'> & { truncated: boolean }> {
  const { where, hidden, reach } = await queryOf(ctx, { ...filter, cursor: undefined });
  const [rows, total, hiddenCount, deviceGroupNames] = await Promise.all([
    db().auditEntry.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: AUDIT_LOG_EXPORT_MAX }),
    db().auditEntry.count({ where }),
    hidden === null ? null : db().auditEntry.count({ where: hidden }),
    groupNames(ctx, reach),
  ]);
  return {
    entries: rows.map(toEntry),
    total,
    hiddenCount: hiddenCount ?? 0,
    deviceGroupNames,
    truncated: total > rows.length,
  };
}

async function queryOf(ctx: TenantContext, filter: AuditLogFilter) {
  const reach = await auditLogReachOf(ctx);
  // The page and the export refuse first; this keeps any other caller from reading the log unchecked.
  if (reach.kind === 'none') throw new SafeError('forbidden');
  const range = auditLogTimeRange(filter);
  const matching: Prisma.AuditEntryWhereInput = {
    tenantId: ctx.tenantId,
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: 'insensitive' as const } } : {}),
    ...(range.gte || range.lt ? { createdAt: range } : {}),
  };
  if (reach.kind === 'all') return { where: matching, hidden: null, reach };
  const visible: Prisma.AuditEntryWhereInput = { targetType: 'rule', targetId: { in: [...(await visibleRuleIds(ctx))] } };
  // The entries hidden from this reader are counted by the period alone: counted under the actor or target
  // filters, a reader could spell out who changed what outside their view one letter at a time.
  const period: Prisma.AuditEntryWhereInput = { tenantId: ctx.tenantId, ...(range.gte || range.lt ? { createdAt: range } : {}) };
  return { where: { AND: [matching, visible] }, hidden: { AND: [period, { NOT: visible }] }, reach };
}

// The rules whose entries a reader limited to some device groups may read: those they may see now, and of the
// rules deleted since, those whose last state (the deletion entry's own snapshot) concerned one of their
// groups. A deleted rule without such a snapshot stays hidden.
async function visibleRuleIds(ctx: TenantContext): Promise<Set<string>> {
  const [rules, deletions] = await Promise.all([
    db().notificationRule.findMany({
      where: { tenantId: ctx.tenantId },
      select: { id: true, allDeviceGroups: true, deviceGroups: { select: { deviceGroupId: true } } },
    }),
    db().auditEntry.findMany({
      where: { tenantId: ctx.tenantId, targetType: 'rule', action: 'rule.deleted' },
      select: { targetId: true, before: true },
    }),
  ]);
  const visible = new Set<string>();
  for (const rule of rules) {
    const scope = { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId) };
    if (canSee(ctx.actor, 'auditLog.viewRules', scope)) visible.add(rule.id);
  }
  const existing = new Set(rules.map((rule) => rule.id));
  for (const deletion of deletions) {
    if (existing.has(deletion.targetId)) continue;
    const scope = ruleScopeOfSnapshot(deletion.before);
    if (scope && canSee(ctx.actor, 'auditLog.viewRules', scope)) visible.add(deletion.targetId);
  }
  return visible;
}

// A rule snapshot's device-group scope (lib/data/rules.ts writes deviceGroupScope and deviceGroupIds), or null.
export function ruleScopeOfSnapshot(snapshot: unknown): ScopedResource | null {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const { deviceGroupScope, deviceGroupIds } = snapshot as Snapshot;
  if (deviceGroupScope === 'all') return { allDeviceGroups: true, deviceGroupIds: [] };
  if (deviceGroupScope === 'selected' && Array.isArray(deviceGroupIds) && deviceGroupIds.every((id) => typeof id === 'string')) {
    return { allDeviceGroups: false, deviceGroupIds };
  }
  return null;
}

async function groupNames(ctx: TenantContext, reach: AuditLogReach): Promise<Record<string, string>> {
  const limit = reach.kind === 'rules' && !reach.scope.all ? { id: { in: [...reach.scope.groupIds] } } : {};
  const groups = await db().deviceGroup.findMany({ where: { tenantId: ctx.tenantId, ...limit }, select: { id: true, name: true } });
  return Object.fromEntries(groups.map((group) => [group.id, group.name]));
}

const asSnapshot = (value: Prisma.JsonValue | null): Snapshot | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Snapshot) : null;

function toEntry(row: Prisma.AuditEntryGetPayload<object>): AuditLogEntry {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    actor: row.actorEmail,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetName: row.targetName,
    before: asSnapshot(row.before),
    after: asSnapshot(row.after),
  };
}
