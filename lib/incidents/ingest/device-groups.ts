import type { Tx } from '@/lib/db/client';
import type { NormalizedDevice, NormalizedIncident } from '@/lib/incidents/types';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { DEVICE_GROUP_NAME_MAX } from '@/lib/validation/device-group';

// Maps the device groups an incident names (Defender's rbacGroupId / rbacGroupName) to our DeviceGroup
// ids, registering the groups a tenant does not know yet so they can be picked in rules.

type KnownGroup = { id: string; nameKey: string; rbacGroupId: string | null };

export type GroupResolver = (device: NormalizedDevice) => string | null;

// The name a group is registered under: as sent, cut to what the portal allows.
const groupName = (device: NormalizedDevice) => device.rbacGroupName?.trim().slice(0, DEVICE_GROUP_NAME_MAX) ?? '';

// By RBAC id first, among groups that have one; otherwise by name, regardless of case.
function match(groups: readonly KnownGroup[], device: NormalizedDevice): KnownGroup | undefined {
  const byId = device.rbacGroupId ? groups.find((group) => group.rbacGroupId === device.rbacGroupId) : undefined;
  if (byId) return byId;
  const name = groupName(device);
  return name ? groups.find((group) => group.nameKey === deviceGroupNameKey(name)) : undefined;
}

// The portal only accepts such ids (lib/validation/device-group.ts); a group registered with another
// would be impossible to edit, so it is registered by name alone.
const EDITABLE_RBAC_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function resolveDeviceGroups(
  tx: Tx,
  tenantId: string,
  incidents: readonly NormalizedIncident[],
): Promise<GroupResolver> {
  const devices = incidents.flatMap((incident) => incident.alerts.flatMap((alert) => alert.devices));
  const load = () => tx.deviceGroup.findMany({ where: { tenantId }, select: { id: true, nameKey: true, rbacGroupId: true } });
  let groups: KnownGroup[] = await load();

  // A group with no name cannot be registered (there is nothing to show for it): it stays unresolved.
  const unknown = devices.filter((device) => groupName(device) && !match(groups, device));
  if (unknown.length > 0) {
    // The same lock the portal's device-group writes take (lib/data/device-groups.ts): a concurrent
    // ingest or admin edit cannot register the same name or RBAC id twice. Taken after the incident
    // locks, always in that order, so ingests cannot deadlock on it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('device-groups:' || ${tenantId}))`;
    groups = await load();
    for (const device of unknown) {
      if (match(groups, device)) continue;
      groups.push(await registerGroup(tx, tenantId, device));
    }
  }
  return (device) => match(groups, device)?.id ?? null;
}

async function registerGroup(tx: Tx, tenantId: string, device: NormalizedDevice): Promise<KnownGroup> {
  const name = groupName(device);
  const rbacGroupId = device.rbacGroupId && EDITABLE_RBAC_ID.test(device.rbacGroupId) ? device.rbacGroupId : null;
  const group = await tx.deviceGroup.create({
    data: { tenantId, name, nameKey: deviceGroupNameKey(name), rbacGroupId },
    select: { id: true, nameKey: true, rbacGroupId: true },
  });
  // No person did this: the audit trail names the ingest as the actor.
  await tx.auditEntry.create({
    data: {
      tenantId,
      actorId: null,
      actorEmail: 'system:ingest',
      action: 'deviceGroup.created',
      targetType: 'deviceGroup',
      targetId: group.id,
      targetName: name,
      after: { name, rbacGroupId },
    },
  });
  return group;
}
