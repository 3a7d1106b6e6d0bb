import 'server-only';
import { canSee } from '@/lib/auth/authorize';
import { scopeIncludesGroup } from '@/lib/auth/scope';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import { alertVisible, incidentScope, visibleIncidents } from '@/lib/data/incidents';
import { silenceScope } from '@/lib/data/silences';
import { dryRunIncidents, type DryRunResult } from '@/lib/incidents/dry-run';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { notFound, SafeError } from '@/lib/safe-error';
import type { DryRunInput } from '@/lib/validation/dry-run';

// The dry run from the portal: as POST /api/incidents?dryRun=true, but for a signed-in user, who sees
// only the rules of their device groups (the others counted) and, of a stored incident, only its alerts
// in their groups.

export async function dryRunForViewer(ctx: TenantContext, input: DryRunInput): Promise<DryRunResult> {
  const incidents = input.source === 'payload' ? parsePayload(input.payload) : [await storedIncident(ctx, input.incidentId)];
  const rules = await db().notificationRule.findMany({
    where: { tenantId: ctx.tenantId },
    select: { id: true, allDeviceGroups: true, deviceGroups: { select: { deviceGroupId: true } } },
  });
  const visible = new Set(
    rules
      .filter((rule) => canSee(ctx.actor, 'rules.view', { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((g) => g.deviceGroupId) }))
      .map((rule) => rule.id),
  );
  return dryRunIncidents(ctx.tenantId, incidents, {
    client: db(),
    now: new Date(),
    canSeeRule: (id) => visible.has(id),
    visibleGroup: (id) => scopeIncludesGroup(incidentScope(ctx), id),
    silenceName: (silence) => (canSee(ctx.actor, 'silences.view', silenceScope(silence)) ? silence.name : null),
  });
}

function parsePayload(text: string): NormalizedIncident[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SafeError('dryRunInvalidJson', { detail: (error as Error).message });
  }
  const normalized = normalizePayload(json);
  if (!normalized.ok) {
    const fields = normalized.errors.slice(0, 5).map((field) => `${field.path || '(body)'}: ${field.message}`);
    throw new SafeError('dryRunInvalidPayload', { fields: fields.join('; ') });
  }
  return normalized.incidents;
}

type StoredDevice = { name: string; deviceGroupId: string | null };

// A stored incident as a payload would carry it: devices name their group, which the dry run resolves
// again. Only the alerts the viewer may see take part.
async function storedIncident(ctx: TenantContext, id: string): Promise<NormalizedIncident> {
  const scope = incidentScope(ctx);
  const incident = await db().incident.findFirst({
    where: { id, tenantId: ctx.tenantId, AND: [visibleIncidents(scope)] },
    include: { alerts: { orderBy: [{ createdDateTime: 'asc' }, { externalId: 'asc' }] } },
  });
  if (!incident) throw notFound();
  const groups = new Map(
    (await db().deviceGroup.findMany({ where: { tenantId: ctx.tenantId }, select: { id: true, name: true, rbacGroupId: true } })).map((g) => [g.id, g]),
  );
  return {
    ...incident,
    inferredFromAlerts: false,
    alerts: incident.alerts
      .filter((alert) => alertVisible(scope, alert.deviceGroupIds))
      .map((alert) => ({
        ...alert,
        devices: (alert.devices as StoredDevice[])
          .filter((device) => device.deviceGroupId === null ? scope.all : alertVisible(scope, [device.deviceGroupId]))
          .map((device) => {
            const group = device.deviceGroupId ? groups.get(device.deviceGroupId) : undefined;
            return { name: device.name, rbacGroupId: group?.rbacGroupId ?? null, rbacGroupName: group?.name ?? null };
          }),
      })),
  };
}
