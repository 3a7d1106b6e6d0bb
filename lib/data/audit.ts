import type { Tx } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { Prisma } from '@/lib/generated/prisma/client';

type Snapshot = Record<string, unknown>;

// Records who changed what. For an update only the fields that changed are kept, before and after, so an
// entry reads as the change itself.
export async function writeAudit(
  tx: Tx,
  ctx: TenantContext,
  entry: { action: string; targetType: string; targetId: string; targetName: string; before: Snapshot | null; after: Snapshot | null },
): Promise<void> {
  const { before, after } = entry.before && entry.after ? changedFields(entry.before, entry.after) : entry;
  await tx.auditEntry.create({
    data: {
      tenantId: ctx.tenantId,
      actorId: ctx.userId,
      actorEmail: ctx.userEmail,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      targetName: entry.targetName,
      before: (before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

export function changedFields(before: Snapshot, after: Snapshot): { before: Snapshot; after: Snapshot } {
  const changedBefore: Snapshot = {};
  const changedAfter: Snapshot = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: changedBefore, after: changedAfter };
}

export async function listAuditEntries(tx: Tx, ctx: TenantContext, target?: { type: string; id: string }) {
  return tx.auditEntry.findMany({
    where: { tenantId: ctx.tenantId, ...(target ? { targetType: target.type, targetId: target.id } : {}) },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
}
