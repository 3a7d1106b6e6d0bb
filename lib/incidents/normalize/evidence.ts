import { z } from 'zod';
import type { NormalizedDevice } from '@/lib/incidents/types';
import { deviceGroupName, optionalText, rbacGroupId } from '@/lib/incidents/normalize/fields';

// Graph alert evidence is an open list of entity types (device, user, ip, process, file, ...). Only
// devices matter to us (their RBAC group decides which rules apply), so only deviceEvidence is validated;
// other entity types pass untouched, whatever fields future versions give them.

const deviceEvidence = z.object({
  deviceDnsName: optionalText,
  hostName: optionalText,
  mdeDeviceId: optionalText,
  azureAdDeviceId: optionalText,
  rbacGroupId,
  rbacGroupName: deviceGroupName,
});

const isDeviceEvidence = (item: unknown): item is Record<string, unknown> => {
  if (typeof item !== 'object' || item === null) return false;
  const type = (item as Record<string, unknown>)['@odata.type'];
  return typeof type === 'string' && /deviceEvidence$/i.test(type);
};

const evidenceItem = z.unknown().transform((item, ctx): NormalizedDevice | null => {
  if (!isDeviceEvidence(item)) return null;
  const parsed = deviceEvidence.safeParse(item);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: item });
    return z.NEVER;
  }
  const device = parsed.data;
  return {
    name: device.deviceDnsName ?? device.hostName ?? device.mdeDeviceId ?? device.azureAdDeviceId ?? 'unknown device',
    rbacGroupId: device.rbacGroupId,
    rbacGroupName: device.rbacGroupName,
  };
});

export const graphEvidence = z
  .array(evidenceItem, { error: (issue) => (issue.input === undefined ? 'required' : 'expected an array or null') })
  .nullish()
  .transform((items) => uniqueDevices((items ?? []).filter((item): item is NormalizedDevice => item !== null)));

// The same device often appears once per evidence row; an alert lists each device once.
export function uniqueDevices(devices: readonly NormalizedDevice[]): NormalizedDevice[] {
  const seen = new Map<string, NormalizedDevice>();
  for (const device of devices) {
    seen.set(JSON.stringify([device.name.toLowerCase(), device.rbacGroupId, device.rbacGroupName?.toLowerCase() ?? null]), device);
  }
  return [...seen.values()];
}
