import 'server-only';
import { can, scopeFor } from '@/lib/auth/authorize';
import type { GroupScope } from '@/lib/auth/scope';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { IncidentListFilter } from '@/lib/validation/incident-list';

// The incidents received (Email notifications → Incidents received). An actor limited to some device
// groups sees an incident when one of its alerts has a device in one of their groups ("view incidents"),
// and of that incident only those alerts; the rest is counted, never named.

export const INCIDENT_PAGE_SIZE = 50;

// What counts as "emailed": an email was sent or is on its way, or the recipient is told in another email:
// held for a digest (listed in it) or coalesced (its changes are in the window's email). Filtered and
// silenced ones were never sent, and failed ones never arrived.
export const EMAILED_STATUSES = ['queued', 'sending', 'sent', 'held', 'coalesced'] as const;

export type IncidentListEntry = {
  id: string;
  externalId: string;
  displayName: string;
  severity: string;
  status: string;
  receivedAt: string;
  alertCount: number;
  hiddenAlertCount: number;
  deviceGroups: string[];
  emailCount: number;
};

export function incidentScope(ctx: TenantContext): GroupScope {
  return scopeFor(ctx.actor, 'incidents.view');
}

export const alertVisible = (scope: GroupScope, deviceGroupIds: readonly string[]) =>
  scope.all || deviceGroupIds.some((id) => scope.groupIds.has(id));

// Incidents concerning the scope's groups (an alert on a device in one of them).
export function visibleIncidents(scope: GroupScope): Prisma.IncidentWhereInput {
  return scope.all ? {} : { alerts: { some: { deviceGroupIds: { hasSome: [...scope.groupIds] } } } };
}

// Deliveries whose content concerns the scope's groups, as the delivery log decides (lib/data/deliveries.ts).
function visibleDeliveries(scope: GroupScope): Prisma.DeliveryWhereInput {
  return scope.all ? {} : { deviceGroupIds: { hasSome: [...scope.groupIds] } };
}

function filterWhere(tenantId: string, filter: IncidentListFilter, scope: GroupScope): Prisma.IncidentWhereInput[] {
  const emailed: Prisma.DeliveryWhereInput = { tenantId, status: { in: [...EMAILED_STATUSES] }, ...visibleDeliveries(scope) };
  const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
  return [
    filter.severity ? { severity: filter.severity } : {},
    filter.status ? { status: filter.status } : {},
    filter.deviceGroupId ? { alerts: { some: { deviceGroupIds: { has: filter.deviceGroupId } } } } : {},
    filter.from ? { receivedAt: { gte: dayStart(filter.from) } } : {},
    filter.to ? { receivedAt: { lt: new Date(dayStart(filter.to).getTime() + 86_400_000) } } : {},
    filter.emailed === 'yes' ? { deliveries: { some: emailed } } : {},
    filter.emailed === 'no' ? { deliveries: { none: emailed } } : {},
  ];
}

// Newest first, one page at a time, with an id cursor (incidents of one request share their receivedAt).
// `hiddenCount`: incidents matching the same filters that concern only groups outside the actor's.
export async function listIncidents(
  ctx: TenantContext,
  filter: IncidentListFilter,
): Promise<{ entries: IncidentListEntry[]; nextCursor: string | null; hiddenCount: number }> {
  if (!can(ctx.actor, 'incidents.view')) return { entries: [], nextCursor: null, hiddenCount: 0 };
  const scope = incidentScope(ctx);
  // A group outside the actor's cannot be filtered by: the answer would tell what happened there.
  if (filter.deviceGroupId && !scope.all && !scope.groupIds.has(filter.deviceGroupId)) {
    return { entries: [], nextCursor: null, hiddenCount: 0 };
  }
  const filters = filterWhere(ctx.tenantId, filter, scope);
  const [rows, hiddenCount, groups] = await Promise.all([
    db().incident.findMany({
      where: { tenantId: ctx.tenantId, AND: [visibleIncidents(scope), ...filters] },
      select: {
        id: true,
        externalId: true,
        displayName: true,
        severity: true,
        status: true,
        receivedAt: true,
        alerts: { select: { deviceGroupIds: true } },
        _count: { select: { deliveries: { where: { status: { in: [...EMAILED_STATUSES] }, ...visibleDeliveries(scope) } } } },
      },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: INCIDENT_PAGE_SIZE + 1,
      ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    }),
    scope.all ? 0 : db().incident.count({ where: { tenantId: ctx.tenantId, NOT: visibleIncidents(scope), AND: filters } }),
    groupNames(ctx.tenantId),
  ]);
  const page = rows.slice(0, INCIDENT_PAGE_SIZE);
  return {
    entries: page.map((row) => {
      const shown = row.alerts.filter((alert) => alertVisible(scope, alert.deviceGroupIds));
      const groupIds = new Set(shown.flatMap((alert) => alert.deviceGroupIds).filter((id) => scope.all || scope.groupIds.has(id)));
      return {
        id: row.id,
        externalId: row.externalId,
        displayName: row.displayName,
        severity: row.severity,
        status: row.status,
        receivedAt: row.receivedAt.toISOString(),
        alertCount: shown.length,
        hiddenAlertCount: row.alerts.length - shown.length,
        deviceGroups: [...groupIds].map((id) => groups.get(id) ?? id).sort((a, b) => a.localeCompare(b)),
        emailCount: row._count.deliveries,
      };
    }),
    nextCursor: rows.length > INCIDENT_PAGE_SIZE ? page[page.length - 1]!.id : null,
    hiddenCount,
  };
}

export async function groupNames(tenantId: string): Promise<Map<string, string>> {
  const rows = await db().deviceGroup.findMany({ where: { tenantId }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

// The device groups the actor may filter the list by: those whose incidents they may view.
export async function incidentGroupOptions(ctx: TenantContext): Promise<{ id: string; name: string }[]> {
  const scope = incidentScope(ctx);
  return db().deviceGroup.findMany({
    where: { tenantId: ctx.tenantId, ...(scope.all ? {} : { id: { in: [...scope.groupIds] } }) },
    select: { id: true, name: true },
    orderBy: { nameKey: 'asc' },
  });
}
