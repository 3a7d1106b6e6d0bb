import type { TenantContext } from '@/lib/auth/tenant-context';
import type { RuleView } from '@/lib/data/rule-views';
import { deviceGroupIdsByName } from '@/lib/data/device-groups';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { ruleSchema, type RuleInput } from '@/lib/validation/rule';
import { COALESCING_OFF, type Coalescing, type RecipientCap } from '@/lib/validation/email-volume';

// A rule as the rules API reads and writes it: the wizard's fields (validated by the wizard's own
// ruleSchema), with device groups named rather than referred to by id, so a rule file can move between
// tenants. `enabled` may be written (absent: a new rule is enabled, an edited one keeps its state); id,
// createdAt and updatedAt are read-only: sent back unchanged (GET -> PUT) they are ignored.

export type InvalidField = { path: string; message: string };

// A stored rule always states its volume settings, off or not; a document sent may leave them out (off).
export type RuleDocument = Omit<RuleInput, 'deviceGroupIds' | 'coalescing' | 'recipientCap'> & {
  coalescing: Coalescing;
  recipientCap: RecipientCap | null;
  id: string;
  deviceGroups: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

export function toRuleDocument(view: RuleView): RuleDocument {
  const names = new Map(view.deviceGroups.map((group) => [group.id, group.name]));
  const { deviceGroupIds, ...values } = view.values;
  return {
    id: view.id,
    ...values,
    coalescing: values.coalescing ?? COALESCING_OFF,
    recipientCap: values.recipientCap ?? null,
    deviceGroups: deviceGroupIds.map((id) => names.get(id)!).filter(Boolean).sort((a, b) => a.localeCompare(b)),
    enabled: view.enabled,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A document's `deviceGroups` (names, any case) as the tenant's group ids, with an invalid field for each name
// it does not know. Rule and silence documents name groups alike. `found` saves the lookup when the caller
// already made it (an import, for all its documents at once).
export async function deviceGroupIdsFromNames(
  ctx: TenantContext,
  names: unknown,
  found?: ReadonlyMap<string, string>,
): Promise<{ ids: string[]; invalidFields: InvalidField[] }> {
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
    return { ids: [], invalidFields: [{ path: 'deviceGroups', message: 'Expected an array of device group names.' }] };
  }
  const byName = found ?? (await deviceGroupIdsByName(ctx, names as string[]));
  const ids: string[] = [];
  const invalidFields: InvalidField[] = [];
  (names as string[]).forEach((name, index) => {
    const id = byName.get(deviceGroupNameKey(name));
    if (id) ids.push(id);
    else invalidFields.push({ path: `deviceGroups.${index}`, message: 'deviceGroupUnknown' });
  });
  return { ids, invalidFields };
}

const pathOf = (path: readonly PropertyKey[]) =>
  path.map((segment, index) => (index === 0 && segment === 'deviceGroupIds' ? 'deviceGroups' : String(segment))).join('.');

// Every invalid field at once, as paths into the document (`recipients.0.email`). A caller parsing many
// documents (an import) passes `groupIdsByName` (deviceGroupIdsByName of all their names) to look them up once.
export async function parseRuleDocument(
  ctx: TenantContext,
  json: unknown,
  groupIdsByName?: ReadonlyMap<string, string>,
): Promise<{ ok: true; input: RuleInput; enabled?: boolean } | { ok: false; invalidFields: InvalidField[] }> {
  if (!isObject(json)) return { ok: false, invalidFields: [{ path: '', message: 'Expected a JSON object.' }] };
  const { ids: deviceGroupIds, invalidFields } = await deviceGroupIdsFromNames(ctx, json.deviceGroups ?? [], groupIdsByName);
  const unresolved = invalidFields.length > 0;
  const { deviceGroups: _names, enabled, ...rest } = json;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    invalidFields.push({ path: 'enabled', message: 'Expected true or false.' });
  }
  const parsed = ruleSchema.safeParse({ ...rest, deviceGroupIds });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // "Choose a group" says nothing new when the names given were the problem.
      if (unresolved && issue.message === 'deviceGroupRequired') continue;
      // Point at each unknown key itself (`recipientCap.limits.High`), not at the object holding it.
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) invalidFields.push({ path: pathOf([...issue.path, key]), message: issue.message });
        continue;
      }
      invalidFields.push({ path: pathOf(issue.path), message: issue.message });
    }
  }
  if (invalidFields.length > 0 || !parsed.success) return { ok: false, invalidFields };
  return { ok: true, input: parsed.data, enabled: enabled as boolean | undefined };
}
