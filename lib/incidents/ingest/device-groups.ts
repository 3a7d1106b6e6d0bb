import { randomUUID } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { NormalizedDevice, NormalizedIncident } from '@/lib/incidents/types';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { deviceGroupNameCut } from '@/lib/incidents/normalize/fields';
import { capExceeded, CapExceededError, INGEST_CAPS } from '@/lib/incidents/limits';
import { loadKnownGroups, type KnownGroup } from '@/lib/incidents/ingest/tenant-snapshot';

// Maps the device groups an incident names (Defender's rbacGroupId / rbacGroupName) to our DeviceGroup
// ids, registering the groups a tenant does not know yet so they can be picked in rules. A payload may name
// thousands of devices: groups are looked up by index (never by scanning the list per device), each device's
// name key is computed once, and new groups are written in two statements whatever their number.

export type GroupResolver = (device: NormalizedDevice) => string | null;

// The name a group is registered under: as sent, cut to what the portal allows.
// Never through the middle of a character (normalisation cuts names the same way already).
const groupName = (device: NormalizedDevice) => deviceGroupNameCut(device.rbacGroupName?.trim() ?? '');

// The portal only accepts such ids (lib/validation/device-group.ts); a group registered with another
// would be impossible to edit, so it is registered by name alone.
const EDITABLE_RBAC_ID = /^[A-Za-z0-9_-]{1,64}$/;

// By RBAC id first, among groups that have one; otherwise by name, regardless of case.
class GroupIndex {
  private readonly byRbacId = new Map<string, KnownGroup>();
  private readonly byNameKey = new Map<string, KnownGroup>();

  constructor(groups: readonly KnownGroup[]) {
    for (const group of groups) this.add(group);
  }

  add(group: KnownGroup): void {
    if (group.rbacGroupId && !this.byRbacId.has(group.rbacGroupId)) this.byRbacId.set(group.rbacGroupId, group);
    if (!this.byNameKey.has(group.nameKey)) this.byNameKey.set(group.nameKey, group);
  }

  find(device: NormalizedDevice, nameKey: string): KnownGroup | undefined {
    return (device.rbacGroupId ? this.byRbacId.get(device.rbacGroupId) : undefined) ?? (nameKey ? this.byNameKey.get(nameKey) : undefined);
  }
}

// Each distinct (RBAC id, name) once, with its name key: devices repeat the same few groups.
type GroupRef = { device: NormalizedDevice; name: string; nameKey: string };

function distinctGroupRefs(incidents: readonly NormalizedIncident[]): Map<string, GroupRef> {
  const refs = new Map<string, GroupRef>();
  for (const incident of incidents) {
    for (const alert of incident.alerts) {
      for (const device of alert.devices) {
        const key = refKey(device);
        if (refs.has(key)) continue;
        const name = groupName(device);
        refs.set(key, { device, name, nameKey: name ? deviceGroupNameKey(name) : '' });
      }
    }
  }
  return refs;
}

const refKey = (device: NormalizedDevice) => `${device.rbacGroupId ?? ''}\u0000${device.rbacGroupName ?? ''}`;

// Resolves with the groups the tenant has, or null when a named group would have to be registered first.
// The dry run, which registers nothing, passes `unknownAsNone`: a group no rule can have selected yet
// counts as no group.
export function resolveKnownGroups(
  incidents: readonly NormalizedIncident[],
  known: readonly KnownGroup[],
  { unknownAsNone = false }: { unknownAsNone?: boolean } = {},
): GroupResolver | null {
  const refs = distinctGroupRefs(incidents);
  const index = new GroupIndex(known);
  const resolved = new Map<string, string | null>();
  for (const [key, ref] of refs) {
    const group = index.find(ref.device, ref.nameKey);
    if (!group && ref.name && !unknownAsNone) return null;
    resolved.set(key, group?.id ?? null);
  }
  return (device) => resolved.get(refKey(device)) ?? null;
}

// `known` is the tenant's groups as its snapshot holds them; registering happens under the groups' lock on
// freshly read rows.
export async function resolveDeviceGroups(
  tx: Tx,
  tenantId: string,
  incidents: readonly NormalizedIncident[],
  known: readonly KnownGroup[],
): Promise<GroupResolver> {
  const refs = distinctGroupRefs(incidents);
  let index = new GroupIndex(known);

  // A group with no name cannot be registered (there is nothing to show for it): it stays unresolved.
  const unknown = () => [...refs.values()].filter((ref) => ref.name && !index.find(ref.device, ref.nameKey));
  if (unknown().length > 0) {
    // The same lock the portal's device-group writes take (lib/data/device-groups.ts): a concurrent
    // ingest or admin edit cannot register the same name or RBAC id twice. Taken after the incident
    // locks, always in that order, so ingests cannot deadlock on it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('device-groups:' || ${tenantId}))`;
    index = new GroupIndex(await loadKnownGroups(tx, tenantId));
    const created: (KnownGroup & { name: string })[] = [];
    for (const ref of unknown()) {
      // An earlier new group of this payload may already cover it (same id, or same name in another case).
      if (index.find(ref.device, ref.nameKey)) continue;
      const rbacGroupId = ref.device.rbacGroupId && EDITABLE_RBAC_ID.test(ref.device.rbacGroupId) ? ref.device.rbacGroupId : null;
      const group = { id: randomUUID(), name: ref.name, nameKey: ref.nameKey, rbacGroupId };
      index.add(group);
      created.push(group);
    }
    if (created.length > INGEST_CAPS.newDeviceGroupsPerRequest) throw new CapExceededError(capExceeded('newDeviceGroupsPerRequest'));
    await registerGroups(tx, tenantId, created);
  }
  const resolved = new Map([...refs].map(([key, ref]) => [key, index.find(ref.device, ref.nameKey)?.id ?? null]));
  return (device) => resolved.get(refKey(device)) ?? null;
}

async function registerGroups(tx: Tx, tenantId: string, groups: readonly (KnownGroup & { name: string })[]): Promise<void> {
  if (groups.length === 0) return;
  await tx.deviceGroup.createMany({ data: groups.map((group) => ({ tenantId, ...group })) });
  // No person did this: the audit trail names the ingest as the actor.
  await tx.auditEntry.createMany({
    data: groups.map((group) => ({
      tenantId,
      actorId: null,
      actorEmail: 'system:ingest',
      action: 'deviceGroup.created',
      targetType: 'deviceGroup',
      targetId: group.id,
      targetName: group.name,
      after: { name: group.name, rbacGroupId: group.rbacGroupId },
    })),
  });
}
