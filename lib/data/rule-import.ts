import 'server-only';
import { createHash } from 'node:crypto';
import { canActOn, scopeFor } from '@/lib/auth/authorize';
import { scopeIncludesGroup } from '@/lib/auth/scope';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db, type Tx } from '@/lib/db/client';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { deviceGroupIdsByName } from '@/lib/data/device-groups';
import { createRuleIn, listRuleStates, updateRuleIn, type RuleState } from '@/lib/data/rules';
import { changedRuleFields, type RuleField } from '@/lib/rules-api/rule-diff';
import { isObject, parseRuleDocument, type InvalidField } from '@/lib/rules-api/rule-document';
import type { RuleInput } from '@/lib/validation/rule';
import { SafeError } from '@/lib/safe-error';

// Importing a rules file (lib/rules-api/rule-file.ts): every rule is checked by the rules API's parser,
// matched to an existing rule by name (case-insensitive), and classified; applying re-plans inside one
// transaction and writes every rule there, or none. Rules the actor cannot see do not exist for the
// import either: a same-named one is not matched, and a group outside their view reads as unknown.

export type ImportEntry = { index: number; name: string | null } & (
  | { status: 'create' }
  | { status: 'change'; changes: RuleField[] }
  | { status: 'unchanged' }
  | { status: 'invalid'; issues: InvalidField[] }
);
export type ImportCounts = Record<ImportEntry['status'], number>;
export type ImportPlan = { entries: ImportEntry[]; counts: ImportCounts; digest: string };

type Planned = ImportEntry & { input?: RuleInput; enabled?: boolean; targetId?: string };

export const ruleNameKey = (name: string) => name.trim().toLocaleLowerCase('en');


const groupNamesOf = (document: unknown): string[] =>
  isObject(document) && Array.isArray(document.deviceGroups)
    ? document.deviceGroups.filter((name): name is string => typeof name === 'string')
    : [];

// Named groups that exist but lie outside what the actor may see: said to be unknown, as if absent.
function hiddenGroupIssues(ctx: TenantContext, document: unknown, found: ReadonlyMap<string, string>): InvalidField[] {
  const visible = scopeFor(ctx.actor, 'rules.view');
  if (visible.all || !isObject(document) || !Array.isArray(document.deviceGroups)) return [];
  return document.deviceGroups.flatMap((name, index) => {
    const id = typeof name === 'string' ? found.get(deviceGroupNameKey(name)) : undefined;
    return id && !scopeIncludesGroup(visible, id) ? [{ path: `deviceGroups.${index}`, message: 'deviceGroupUnknown' }] : [];
  });
}

function manageableIssue(ctx: TenantContext, input: RuleInput): InvalidField[] {
  const all = input.deviceGroupScope === 'all';
  const scope = { allDeviceGroups: all, deviceGroupIds: all ? [] : input.deviceGroupIds };
  if (canActOn(ctx.actor, 'rules.create', scope)) return [];
  return [{ path: all ? 'deviceGroupScope' : 'deviceGroups', message: 'deviceGroupsNotManaged' }];
}

type Known = { rules: ReadonlyMap<string, RuleState[]>; groups: ReadonlyMap<string, string> };

async function planOne(ctx: TenantContext, document: unknown, index: number, known: Known, seen: Set<string>): Promise<Planned> {
  const rawName = isObject(document) && typeof document.name === 'string' ? document.name.trim() : '';
  const name = rawName === '' ? null : rawName;
  const parsed = await parseRuleDocument(ctx, document, known.groups);
  const hidden = hiddenGroupIssues(ctx, document, known.groups);
  const invalid = (issues: InvalidField[]): Planned => ({ index, name, status: 'invalid', issues });
  // A hidden group passed the parser (it exists); its issue replaces nothing the parser said.
  if (!parsed.ok) return invalid([...hidden, ...parsed.invalidFields.filter((f) => !hidden.some((h) => h.path === f.path))]);
  if (hidden.length > 0) return invalid(hidden);

  const key = ruleNameKey(parsed.input.name);
  if (seen.has(key)) return invalid([{ path: 'name', message: 'importNameDuplicateInFile' }]);
  seen.add(key);
  const matches = known.rules.get(key) ?? [];
  if (matches.length > 1) return invalid([{ path: 'name', message: 'importNameAmbiguous' }]);
  const { input, enabled } = parsed;
  if (matches.length === 0) {
    const issues = manageableIssue(ctx, input);
    return issues.length > 0 ? invalid(issues) : { index, name, status: 'create', input, enabled };
  }
  const [target] = matches;
  const changes = changedRuleFields(target, { input, enabled });
  if (changes.length === 0) return { index, name, status: 'unchanged' };
  if (!target.canManage) return invalid([{ path: '', message: 'ruleReadOnly' }]);
  const issues = manageableIssue(ctx, input);
  if (issues.length > 0) return invalid(issues);
  return { index, name, status: 'change', changes, input, enabled, targetId: target.id };
}

// What importing these rule documents would do, read with `client` (the apply transaction, or the pool).
async function plan(client: Tx, ctx: TenantContext, documents: readonly unknown[]): Promise<Planned[]> {
  const rules = new Map<string, RuleState[]>();
  for (const state of await listRuleStates(client, ctx)) {
    const key = ruleNameKey(state.name);
    rules.set(key, [...(rules.get(key) ?? []), state]);
  }
  // Every group name of the file looked up at once.
  const groups = await deviceGroupIdsByName(ctx, [...new Set(documents.flatMap(groupNamesOf))], client);
  const seen = new Set<string>();
  const planned: Planned[] = [];
  // In file order: a name already seen earlier in the file is a duplicate.
  for (const [index, document] of documents.entries()) planned.push(await planOne(ctx, document, index, { rules, groups }, seen));
  return planned;
}

function publicPlan(planned: Planned[]): ImportPlan {
  const entries = planned.map(({ input: _input, enabled: _enabled, targetId: _targetId, ...entry }) => entry as ImportEntry);
  const counts: ImportCounts = { create: 0, change: 0, unchanged: 0, invalid: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  // What the actor approves: each rule's outcome and, for a change, which rule and fields. Applying
  // refuses when its own plan says anything else.
  const digest = createHash('sha256')
    .update(JSON.stringify(planned.map((p) => [p.status, p.name, p.targetId ?? null, 'changes' in p ? p.changes : null])))
    .digest('hex');
  return { entries, counts, digest };
}

export async function previewRuleImport(ctx: TenantContext, documents: readonly unknown[]): Promise<ImportPlan> {
  return publicPlan(await plan(db(), ctx, documents));
}

// Applies the file all or nothing, re-checked from scratch under a per-tenant lock (two imports never
// interleave), every rule written and audited as the wizard would. Refused while any rule is invalid, or
// when the outcome is no longer the one previewed (`expectedDigest`).
export async function applyRuleImport(
  ctx: TenantContext,
  documents: readonly unknown[],
  expectedDigest: string,
): Promise<Omit<ImportCounts, 'invalid'>> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('rules-import:' || ${ctx.tenantId}))`;
      const planned = await plan(tx, ctx, documents);
      const { counts, digest } = publicPlan(planned);
      const invalid = planned.filter((entry): entry is Planned & { status: 'invalid' } => entry.status === 'invalid');
      if (invalid.length > 0) {
        const fieldErrors = Object.fromEntries(
          invalid.map((entry) => [`rules.${entry.index}.${entry.issues[0].path}`.replace(/\.$/, ''), entry.issues[0].message]),
        );
        throw new SafeError('importHasInvalidRules', { count: String(invalid.length) }, fieldErrors);
      }
      if (digest !== expectedDigest) throw new SafeError('importPlanChanged');
      for (const entry of planned) {
        if (entry.status === 'create') await createRuleIn(tx, ctx, entry.input!, { enabled: entry.enabled });
        if (entry.status === 'change') await updateRuleIn(tx, ctx, entry.targetId!, entry.input!, { enabled: entry.enabled });
      }
      return { create: counts.create, change: counts.change, unchanged: counts.unchanged };
    },
    // A file of a thousand rules takes longer than Prisma's default five seconds.
    { timeout: 120_000, maxWait: 10_000 },
  );
}
