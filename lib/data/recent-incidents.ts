import 'server-only';
import { scopeFor } from '@/lib/auth/authorize';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import type { MatchAlert } from '@/lib/rules/match';

// Incidents of the caller's organization, limited to those they may see: an incident concerns the device
// groups of its alerts, and a user with a listed scope sees it only when one of them is theirs.

export type RecentIncident = {
  id: string;
  externalId: string;
  displayName: string;
  updatedAt: Date;
  alerts: MatchAlert[];
};

// The most recently changed incidents the actor may see, newest first, with what matching needs of their alerts.
export async function recentVisibleIncidents(ctx: TenantContext, limit: number): Promise<RecentIncident[]> {
  const scope = scopeFor(ctx.actor, 'incidents.view');
  if (!scope.all && scope.groupIds.size === 0) return [];
  return db().incident.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(scope.all ? {} : { alerts: { some: { tenantId: ctx.tenantId, deviceGroupIds: { hasSome: [...scope.groupIds] } } } }),
    },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take: limit,
    select: {
      id: true,
      externalId: true,
      displayName: true,
      updatedAt: true,
      alerts: {
        where: { tenantId: ctx.tenantId },
        select: { externalId: true, severity: true, serviceSource: true, detectionSource: true, deviceGroupIds: true },
      },
    },
  });
}
