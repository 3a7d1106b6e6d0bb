import 'server-only';
import { canSee, scopeFor } from '@/lib/auth/authorize';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { Prisma } from '@/lib/generated/prisma/client';
import { silenceNamesFor } from '@/lib/data/silences';
import { parseHeldReason, type HeldReason } from '@/lib/rules/caps';
import type { DeliveryLogFilter } from '@/lib/validation/delivery-log';

export const DELIVERY_LOG_PAGE_SIZE = 100;

export type DeliveryLogEntry = {
  id: string;
  kind: 'incident' | 'test' | 'digest';
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'filtered' | 'silenced' | 'held' | 'coalesced';
  recipientEmail: string;
  language: string;
  attempts: number;
  lastError: string | null;
  // Alerts of the event this email left out, and why (ruleScope | recipientScope | recipientCannotView).
  withheldAlertCount: number;
  filterReason: string | null;
  providerMessageId: string | null;
  // What the provider reported after accepting the email (webhook events), with its reason for a
  // bounce, failure or suppression.
  provider: { status: 'delivered' | 'delayed' | 'bounced' | 'complained' | 'suppressed' | 'failed'; at: string; reason: string | null } | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null; // only while it will be tried again
  // The choosing rules the viewer may see; the others are only counted.
  rules: { id: string; name: string }[];
  hiddenRuleCount: number;
  incident: { id: string; externalId: string; displayName: string } | null;
  eventKind: string | null;
  // The silence that held the email back; its name is null when the viewer may not see that silence.
  silence: { id: string; name: string | null } | null;
  // Status held: the cap that held it (a rule the viewer may not see is not named) and its digest.
  held: (Omit<HeldReason, 'ruleId' | 'ruleName'> & { ruleName: string | null }) | null;
  digestId: string | null;
  // Kind digest: how many held emails it lists.
  listedCount: number | null;
  // Status coalesced: the delivery whose email carried its changes, and that email's status (it may
  // itself have been silenced, held, filtered or have failed: then the changes did not go out with it).
  coalescedIntoId: string | null;
  joinedStatus: DeliveryLogEntry['status'] | null;
};

// Newest first, one page at a time. An id cursor, not a timestamp: deliveries written in one
// transaction share their creation time, and a timestamp cursor would skip some of them.
export async function listDeliveries(
  ctx: TenantContext,
  filter: DeliveryLogFilter,
): Promise<{ entries: DeliveryLogEntry[]; nextCursor: string | null }> {
  const visible = await visibleTo(ctx);
  // A rule the viewer may not see cannot be filtered by: the answer would tell what it chose.
  if (filter.ruleId && visible.ruleIds && !visible.ruleIds.has(filter.ruleId)) return { entries: [], nextCursor: null };
  const where: Prisma.DeliveryWhereInput = {
    tenantId: ctx.tenantId,
    AND: [visible.where],
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.ruleId ? { rules: { some: { ruleId: filter.ruleId, tenantId: ctx.tenantId } } } : {}),
    ...(filter.silenceId ? { silenceId: filter.silenceId } : {}),
    // One email and those that went out in it: the emails a digest lists, or that joined another's.
    ...(filter.delivery ? { OR: [{ id: filter.delivery }, { digestId: filter.delivery }, { coalescedIntoId: filter.delivery }] } : {}),
    ...(filter.recipient ? { recipientEmail: { contains: filter.recipient } } : {}),
    ...(filter.incident
      ? {
          incident: {
            tenantId: ctx.tenantId,
            OR: [
              { externalId: filter.incident },
              { displayName: { contains: filter.incident, mode: 'insensitive' as const } },
            ],
          },
        }
      : {}),
  };
  const rows = await db().delivery.findMany({
    where,
    include: {
      rules: { select: { ruleId: true, ruleName: true } },
      incident: { select: { id: true, externalId: true, displayName: true } },
      event: { select: { kind: true } },
      _count: { select: { digested: { where: { status: 'held' } } } },
      coalescedInto: { select: { status: true } },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: DELIVERY_LOG_PAGE_SIZE + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, DELIVERY_LOG_PAGE_SIZE);
  const silences = await silenceNamesFor(ctx, [...new Set(page.flatMap((row) => (row.silenceId ? [row.silenceId] : [])))]);
  return {
    entries: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      recipientEmail: row.recipientEmail,
      language: row.language,
      attempts: row.attempts,
      lastError: row.lastError,
      withheldAlertCount: row.withheldAlertCount,
      filterReason: row.filterReason,
      providerMessageId: row.providerMessageId,
      provider:
        row.providerStatus && row.providerStatusAt
          ? { status: row.providerStatus, at: row.providerStatusAt.toISOString(), reason: row.providerReason }
          : null,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      nextAttemptAt: row.status === 'queued' ? row.nextAttemptAt.toISOString() : null,
      rules: row.rules.filter((rule) => visible.ruleIds?.has(rule.ruleId) ?? true).map((rule) => ({ id: rule.ruleId, name: rule.ruleName })),
      hiddenRuleCount: visible.ruleIds ? row.rules.filter((rule) => !visible.ruleIds!.has(rule.ruleId)).length : 0,
      incident: row.incident,
      eventKind: row.event?.kind ?? null,
      silence: row.silenceId ? { id: row.silenceId, name: silences.get(row.silenceId) ?? null } : null,
      held: row.status === 'held' ? heldView(row.heldReason, visible.ruleIds) : null,
      digestId: row.digestId,
      listedCount: row.kind === 'digest' ? row._count.digested : null,
      coalescedIntoId: row.coalescedIntoId,
      joinedStatus: row.status === 'coalesced' ? (row.coalescedInto?.status ?? null) : null,
    })),
    nextCursor: rows.length > DELIVERY_LOG_PAGE_SIZE ? page[page.length - 1].id : null,
  };
}

function heldView(stored: unknown, ruleIds: ReadonlySet<string> | null): DeliveryLogEntry['held'] {
  const reason = parseHeldReason(stored);
  if (!reason) return null;
  const { ruleId, ruleName, ...rest } = reason;
  const named = reason.scope === 'rule' && ruleId !== undefined && (ruleIds?.has(ruleId) ?? true);
  return { ...rest, ruleName: named ? (ruleName ?? null) : null };
}

// What an actor limited to some device groups may see of the log: an incident email whose content concerns
// one of their groups (the groups it may name, decided per recipient at ingest: not the choosing rule's
// current scope, which says nothing of what the email showed), the test emails of rules they may see, and
// the test emails they sent themselves (a draft rule's included), and the digests listing an email about
// one of their groups. Of the choosing rules, only those they may
// see are named. `ruleIds` is null for an actor who sees everything.
async function visibleTo(ctx: TenantContext): Promise<{ where: Prisma.DeliveryWhereInput; ruleIds: ReadonlySet<string> | null }> {
  const scope = scopeFor(ctx.actor, 'deliveries.view');
  if (scope.all) return { where: {}, ruleIds: null };
  const rules = await db().notificationRule.findMany({
    where: { tenantId: ctx.tenantId },
    select: { id: true, allDeviceGroups: true, deviceGroups: { select: { deviceGroupId: true } } },
  });
  const ruleIds = new Set(
    rules
      .filter((rule) =>
        canSee(ctx.actor, 'deliveries.view', {
          allDeviceGroups: rule.allDeviceGroups,
          deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId),
        }),
      )
      .map((rule) => rule.id),
  );
  return {
    ruleIds,
    where: {
      OR: [
        { kind: 'incident', deviceGroupIds: { hasSome: [...scope.groupIds] } },
        // A digest carries the groups of the emails it lists.
        { kind: 'digest', deviceGroupIds: { hasSome: [...scope.groupIds] } },
        { kind: 'test', rules: { some: { tenantId: ctx.tenantId, ruleId: { in: [...ruleIds] } } } },
        { kind: 'test', requestedById: ctx.userId },
      ],
    },
  };
}
