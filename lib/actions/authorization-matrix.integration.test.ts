import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import { can, canActOn, canSee, type Actor } from '@/lib/auth/authorize';
import { OPERATIONS, ROLES, type Operation } from '@/lib/auth/permissions';
import type { ScopedResource } from '@/lib/auth/scope';
import { createApiKey } from '@/lib/data/api-keys';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { db } from '@/lib/db/client';
import { parkOtherDeliveries } from '@/lib/notifications/testing/outbox-fixtures';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { ActionMeta } from '@/lib/actions/safe-action';
import type { ActionResult } from '@/lib/actions/result';
import type { RbacPermission, Role } from '@/lib/generated/prisma/enums';

// Every server action x every role x own tenant / another tenant / no session, and in the RBAC model x
// every kind of actor x inside / partly outside / outside the actor's device groups / all groups, against
// the real database, with the expected answer taken from the permission table. A new action without an
// entry below fails the first test, so nothing reaches the browser unchecked.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// sign-in.ts imports next-auth's error classes; the matrix never calls it (it is public, listed below).
vi.mock('next-auth', () => ({ AuthError: class extends Error {}, CredentialsSignin: class extends Error {} }));

type World = Awaited<ReturnType<typeof createTenant>>;
type Case = {
  // The operation this action must declare: written here, not read from the action, so an action that
  // claims a weaker operation fails.
  operation: Operation;
  // Acts on an existing resource (another tenant must get "not found") rather than creating one.
  targetsResource: boolean;
  // Builds the input against a fresh resource of `owner` (the caller may be of another tenant).
  input: (owner: World) => Promise<unknown>;
  // For actions that answer per item in their data (an import's preview): the answer for the one item.
  outcome?: (result: ActionResult<unknown>) => string;
  // For operations limited to device groups: builds the input with the resource (and the requested rule
  // scope) covering `scope`; 'unscoped' when the input names no device group. Required for them.
  scoped?: ((owner: World, scope: ScopedResource) => Promise<unknown>) | 'unscoped';
  // Only reads its resource, with this operation deciding which ones the caller may see: seeing it is all
  // it takes, there is nothing to change (so no read-only answer).
  reads?: Operation;
  // The refusals of a scoped resource that is not a rule, when they differ from the rules' ones.
  refusals?: { readOnly?: string; notManaged?: string };
};

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

const ALL_GROUPS_RULE: ScopedResource = { allDeviceGroups: true, deviceGroupIds: [] };

async function seedRule(owner: World, scope: ScopedResource = ALL_GROUPS_RULE) {
  const rule = await db().notificationRule.create({
    data: {
      tenantId: owner.tenant.id,
      name: unique('Matrix rule'),
      severities: ['high'],
      allDeviceGroups: scope.allDeviceGroups,
      deviceGroups: { create: scope.deviceGroupIds.map((deviceGroupId) => ({ tenantId: owner.tenant.id, deviceGroupId })) },
      recipients: { create: [{ tenantId: owner.tenant.id, email: 'soc@contoso.com', language: 'en' }] },
    },
  });
  return rule.id;
}

async function seedDeviceGroup(owner: World) {
  const name = unique('Matrix group');
  const group = await db().deviceGroup.create({
    data: { tenantId: owner.tenant.id, name, nameKey: deviceGroupNameKey(name) },
  });
  return group.id;
}

async function seedUser(owner: World) {
  const user = await db().user.create({
    data: { tenantId: owner.tenant.id, email: `matrix-${randomUUID()}@contoso.com`, name: unique('User'), role: 'SECURITY_READER' },
  });
  return user.id;
}

async function seedRbacRole(owner: World) {
  const name = unique('Matrix role');
  const role = await db().rbacRole.create({
    data: {
      tenantId: owner.tenant.id,
      name,
      nameKey: name.toLowerCase(),
      permissions: ['viewIncidents'],
      deviceGroups: { create: [{ tenantId: owner.tenant.id, deviceGroupId: owner.groups[0].id }] },
    },
  });
  return role.id;
}

// An incident whose alerts (one per group, all high) lie in the groups of `scope`; "all groups": every
// group of the tenant.
async function seedIncident(owner: World, scope: ScopedResource = ALL_GROUPS_RULE) {
  const groupIds = scope.allDeviceGroups ? owner.groups.map((group) => group.id) : scope.deviceGroupIds;
  const incident = await db().incident.create({
    data: { tenantId: owner.tenant.id, externalId: unique('matrix'), displayName: unique('Matrix incident'), severity: 'high', status: 'active' },
  });
  await db().alert.createMany({
    data: groupIds.map((groupId) => ({
      tenantId: owner.tenant.id,
      incidentId: incident.id,
      externalId: unique('matrix-alert'),
      title: 'Matrix alert',
      severity: 'high',
      status: 'new',
      deviceGroupIds: [groupId],
    })),
  });
  return incident.id;
}

// A silence active now; "all groups" is one naming no device group.
async function seedSilence(owner: World, scope: ScopedResource = ALL_GROUPS_RULE) {
  const silence = await db().silence.create({
    data: {
      tenantId: owner.tenant.id,
      name: unique('Matrix silence'),
      deviceGroupIds: [...scope.deviceGroupIds],
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
      createdByEmail: 'matrix@contoso.com',
    },
  });
  return silence.id;
}

// Wall-clock times in the tenant's zone (the matrix tenants keep the default, UTC).
const utcLocal = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 16);

const silenceInput = (scope: ScopedResource = ALL_GROUPS_RULE) => ({
  name: unique('Matrix silence'),
  comment: 'Patch Tuesday',
  deviceGroupIds: scope.deviceGroupIds,
  detectionSources: [],
  severities: [],
  titleContains: '',
  ruleIds: [],
  startsAt: utcLocal(0),
  endsAt: utcLocal(7_200_000),
  recurring: false,
  weekdays: [],
  windowStart: '',
  windowEnd: '',
});

const SILENCE_REFUSALS = { readOnly: 'silenceReadOnly', notManaged: 'silenceGroupsNotManaged' };

const ownerContext = (owner: World) => basicContext(owner.tenant.id, owner.users.GLOBAL_ADMINISTRATOR);

const ruleInput = (scope: ScopedResource = ALL_GROUPS_RULE) => ({
  name: unique('Matrix rule'),
  description: '',
  severities: ['high'],
  deviceGroupScope: scope.allDeviceGroups ? 'all' : 'selected',
  deviceGroupIds: scope.deviceGroupIds,
  sourceScope: 'all',
  sources: [],
  oneNotificationPerIncident: false,
  includeOrganizationName: false,
  includeTenantPortalLink: false,
  // Volume settings change nothing about who may save a rule: every case below carries them.
  coalescing: { windowMinutes: 5, highSeverityBypass: true },
  recipientCap: { period: 'day', limits: { high: 4 }, digestAt: null },
  recipients: [{ email: 'soc@contoso.com', language: 'en' }],
});

// A rules file (lib/rules-api/rule-file.ts) of one new rule over the scope's groups, named as the owner names them.
async function ruleFileOf(owner: World, scope: ScopedResource = ALL_GROUPS_RULE) {
  const groups = await db().deviceGroup.findMany({ where: { id: { in: [...scope.deviceGroupIds] } }, select: { name: true } });
  const { deviceGroupIds: _ids, ...rule } = ruleInput(scope);
  const document = { ...rule, deviceGroups: groups.map((group) => group.name) };
  return new Blob([JSON.stringify({ format: 'incident-mail.rules', version: 1, exportedAt: new Date().toISOString(), rules: [document] })]);
}

// A group the actor cannot even see is refused as unknown (naming it would tell them it exists): for this
// matrix, one more way of "not a group you manage".
const refusedScope = (message: string) => (message === 'deviceGroupUnknown' ? 'deviceGroupsNotManaged' : message);

function previewOutcome(result: ActionResult<unknown>): string {
  if (!result.ok) return result.error;
  const [entry] = (result.data as { entries: { status: string; issues?: { message: string }[] }[] }).entries;
  return entry.status === 'invalid' ? refusedScope(entry.issues![0].message) : 'ok';
}

// Applies what the caller's own preview says, as the portal does; without the permission, the preview is
// refused too and the digest is a placeholder.
async function importInput(file: Blob) {
  const preview = await previewRulesImportAction()({ file });
  return { file, planDigest: preview.ok ? (preview.data as { digest: string }).digest : '0'.repeat(64) };
}
const previewRulesImportAction = () => discovered.find((action) => action.meta.name === 'previewRulesImport')!;

const AUTHORIZED_CASES: Record<string, Case> = {
  createRule: {
    operation: 'rules.create',
    targetsResource: false,
    input: async () => ruleInput(),
    scoped: async (_owner, scope) => ruleInput(scope),
  },
  updateRule: {
    operation: 'rules.update',
    targetsResource: true,
    input: async (owner) => ({ id: await seedRule(owner), rule: ruleInput() }),
    // The rule keeps its scope: what is tested is who may touch a rule of that scope.
    scoped: async (owner, scope) => ({ id: await seedRule(owner, scope), rule: ruleInput(scope) }),
  },
  deleteRule: {
    operation: 'rules.delete',
    targetsResource: true,
    input: async (owner) => ({ id: await seedRule(owner) }),
    scoped: async (owner, scope) => ({ id: await seedRule(owner, scope) }),
  },
  setRuleEnabled: {
    operation: 'rules.update',
    targetsResource: true,
    input: async (owner) => ({ id: await seedRule(owner), enabled: false }),
    scoped: async (owner, scope) => ({ id: await seedRule(owner, scope), enabled: false }),
  },
  exportRules: {
    operation: 'rules.view',
    targetsResource: true,
    reads: 'rules.view',
    input: async (owner) => ({ ruleIds: [await seedRule(owner)] }),
    scoped: async (owner, scope) => ({ ruleIds: [await seedRule(owner, scope)] }),
  },
  // The file names device groups: in another tenant, that tenant's groups of the same names.
  previewRulesImport: {
    operation: 'rules.import',
    targetsResource: false,
    input: async (owner) => ({ file: await ruleFileOf(owner) }),
    scoped: async (owner, scope) => ({ file: await ruleFileOf(owner, scope) }),
    outcome: previewOutcome,
  },
  importRules: {
    operation: 'rules.import',
    targetsResource: false,
    input: async (owner) => importInput(await ruleFileOf(owner)),
    scoped: async (owner, scope) => importInput(await ruleFileOf(owner, scope)),
    outcome: (result) =>
      !result.ok && result.error === 'importHasInvalidRules' ? refusedScope(Object.values(result.fieldErrors ?? {})[0]) : outcomeOf(result),
  },
  sendRuleTestEmail: {
    operation: 'rules.sendTestEmail',
    targetsResource: true,
    input: async (owner) => ({ ruleId: await seedRule(owner) }),
    scoped: async (owner, scope) => ({ ruleId: await seedRule(owner, scope) }),
  },
  sendDraftTestEmail: {
    operation: 'rules.sendTestEmail',
    targetsResource: false,
    scoped: 'unscoped',
    input: async () => ({
      ruleName: 'Draft',
      recipients: [{ email: 'draft@contoso.com', language: 'en' }],
      options: { includeOrganizationName: false, includeTenantPortalLink: false },
    }),
  },
  // The incident is the resource: previewing one outside the caller's groups, or of another tenant, is "not found".
  previewRuleEmail: {
    operation: 'rules.view',
    targetsResource: true,
    reads: 'incidents.view',
    input: async (owner) => ({ rule: ruleInput(), language: 'en', incident: await seedIncident(owner) }),
    scoped: async (owner, scope) => ({ rule: ruleInput(), language: 'nl', incident: await seedIncident(owner, scope) }),
  },
  // Stores and sends nothing: a pasted payload names no stored resource or device group of ours.
  dryRunIncident: {
    operation: 'incidents.view',
    targetsResource: false,
    scoped: 'unscoped',
    input: async () => ({
      source: 'payload',
      payload: JSON.stringify({ externalId: unique('dry'), displayName: 'Matrix dry run', severity: 'high', status: 'active', alerts: [] }),
    }),
  },
  createDeviceGroup: {
    operation: 'deviceGroups.manage',
    targetsResource: false,
    input: async () => ({ name: unique('Group'), rbacGroupId: '' }),
  },
  updateDeviceGroup: {
    operation: 'deviceGroups.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedDeviceGroup(owner), name: unique('Renamed'), rbacGroupId: '' }),
  },
  deleteDeviceGroup: {
    operation: 'deviceGroups.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedDeviceGroup(owner) }),
  },
  createUser: {
    operation: 'users.manage',
    targetsResource: false,
    input: async () => ({
      name: unique('User'),
      email: `matrix-${randomUUID()}@contoso.com`,
      role: 'SECURITY_READER',
      language: 'en',
      password: 'matrix-password-1',
    }),
  },
  changeUserRole: {
    operation: 'users.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedUser(owner), role: 'SECURITY_OPERATOR' }),
  },
  resetUserPassword: {
    operation: 'users.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedUser(owner), password: 'matrix-password-2' }),
  },
  removeUser: {
    operation: 'users.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedUser(owner) }),
  },
  setUserRbacRoles: {
    operation: 'users.manage',
    targetsResource: true,
    input: async (owner) => ({ userId: await seedUser(owner), roleIds: [await seedRbacRole(owner)] }),
  },
  // A role names the owner's device groups: to a caller of another tenant they do not exist.
  createRbacRole: {
    operation: 'roles.manage',
    targetsResource: true,
    input: async (owner) => ({
      name: unique('Role'),
      description: '',
      permissions: ['viewIncidents'],
      deviceGroupIds: [owner.groups[0].id],
    }),
  },
  updateRbacRole: {
    operation: 'roles.manage',
    targetsResource: true,
    input: async (owner) => ({
      id: await seedRbacRole(owner),
      name: unique('Role'),
      description: 'Changed',
      permissions: ['manageSecuritySettings'],
      deviceGroupIds: [owner.groups[1].id],
    }),
  },
  deleteRbacRole: {
    operation: 'roles.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedRbacRole(owner) }),
  },
  // Always the caller's own organization; its model stays as it is so the other cases keep their meaning.
  updateTenantSettings: {
    operation: 'tenant.manage',
    targetsResource: false,
    input: async (owner) => ({
      name: unique('Organization'),
      defaultLanguage: 'en',
      // The model the organization already has: this matrix tests who may save, not what switching does.
      permissionsModel: (await db().tenant.findUniqueOrThrow({ where: { id: owner.tenant.id } })).permissionsModel,
      timeZone: 'UTC',
      addressCap: { period: 'hour', limits: { medium: 10 }, digestAt: '08:00' },
    }),
  },
  createSilence: {
    operation: 'silences.manage',
    targetsResource: false,
    input: async () => silenceInput(),
    scoped: async (_owner, scope) => silenceInput(scope),
    refusals: SILENCE_REFUSALS,
  },
  extendSilence: {
    operation: 'silences.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedSilence(owner), endsAt: utcLocal(3 * 3_600_000) }),
    scoped: async (owner, scope) => ({ id: await seedSilence(owner, scope), endsAt: utcLocal(3 * 3_600_000) }),
    refusals: SILENCE_REFUSALS,
  },
  endSilence: {
    operation: 'silences.manage',
    targetsResource: true,
    input: async (owner) => ({ id: await seedSilence(owner) }),
    scoped: async (owner, scope) => ({ id: await seedSilence(owner, scope) }),
    refusals: SILENCE_REFUSALS,
  },
  createApiKey: { operation: 'apiKeys.manage', targetsResource: false, input: async () => ({ name: unique('Key') }) },
  revokeApiKey: {
    operation: 'apiKeys.manage',
    targetsResource: true,
    input: async (owner) => ({ id: (await createApiKey(ownerContext(owner), unique('Key'))).id }),
  },
  enableApiKeySigning: {
    operation: 'apiKeys.manage',
    targetsResource: true,
    input: async (owner) => ({ id: (await createApiKey(ownerContext(owner), unique('Key'))).id }),
  },
  disableApiKeySigning: {
    operation: 'apiKeys.manage',
    targetsResource: true,
    input: async (owner) => ({ id: (await createApiKey(ownerContext(owner), unique('Key'))).id }),
  },
};

// Deliberately reachable without a permission, with the reason.
const PUBLIC_ACTIONS: Record<string, string> = {
  signIn: 'it is how a session starts; throttled per account and address',
  setLanguage: 'the sign-in page offers it; it changes only the caller’s own preference',
  signOut: 'takes no input and ends only the caller’s own session; signed out, it only clears the cookie',
};
// Reachable by any signed-in user whatever their role, with the reason and a valid input (so a refusal below
// is the missing session, not the input).
const SIGNED_IN_ACTIONS: Record<string, { reason: string; input: unknown }> = {
  changeOwnPassword: {
    reason: 'changes only the caller’s own password, after checking the current one; throttled per account',
    input: { currentPassword: 'not-the-password', newPassword: 'matrix-password-3', confirmPassword: 'matrix-password-3' },
  },
};

type DiscoveredAction = ((input: unknown) => Promise<ActionResult<unknown>>) & { meta: ActionMeta };
const discovered: DiscoveredAction[] = [];
const plainExports: string[] = [];
let own: World;
let other: World;
let standIn: ResendStandIn;

beforeAll(async () => {
  // Test emails yield to due incident deliveries (by design), and files before this one may have left some
  // queued with no dispatcher running: each test email would then wait out its whole 20 s.
  await parkOtherDeliveries();
  // Test emails go to a provider stand-in on loopback, not to the network.
  standIn = await startResendStandIn({ apiKeys: ['re_matrix'] });
  process.env.RESEND_API_KEY = 're_matrix';
  process.env.RESEND_BASE_URL = standIn.url;

  const folder = path.join(process.cwd(), 'lib', 'actions');
  const files = readdirSync(folder).filter((file) => file.endsWith('.ts') && !file.includes('.test.'));
  for (const file of files.filter((f) => !['safe-action.ts', 'result.ts'].includes(f))) {
    const module: Record<string, unknown> = await import(path.join(folder, file));
    for (const [name, value] of Object.entries(module)) {
      if (typeof value !== 'function') continue;
      if ('meta' in value) discovered.push(value as DiscoveredAction);
      else plainExports.push(name);
    }
  }
  own = await createTenant();
  other = await createTenant();
});

afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  await standIn.close();
});

it('every server action has an entry in this matrix, and every entry an action', () => {
  const authorized = discovered.filter((a) => !['public', 'signedIn'].includes(a.meta.access)).map((a) => a.meta.name);
  const publicOnes = discovered.filter((a) => a.meta.access === 'public').map((a) => a.meta.name);
  expect(authorized.sort()).toEqual(Object.keys(AUTHORIZED_CASES).sort());
  expect(publicOnes.sort()).toEqual(Object.keys(PUBLIC_ACTIONS).sort());
  const signedInOnes = discovered.filter((a) => a.meta.access === 'signedIn').map((a) => a.meta.name);
  expect(signedInOnes.sort()).toEqual(Object.keys(SIGNED_IN_ACTIONS).sort());
  // Every export of lib/actions is built by the action clients: none escapes validation and error masking.
  expect(plainExports).toEqual([]);
});

describe.each(Object.keys(SIGNED_IN_ACTIONS))('%s (signed in, any role)', (name) => {
  it('refuses a caller without a session', async () => {
    const action = discovered.find((candidate) => candidate.meta.name === name);
    expect(action?.meta.access).toBe('signedIn');
    signInAs(null);
    expect(await action!(SIGNED_IN_ACTIONS[name].input)).toEqual({ ok: false, error: 'unauthenticated' });
  });
});

describe.each(Object.keys(AUTHORIZED_CASES))('%s', (name) => {
  const action = () => {
    const found = discovered.find((candidate) => candidate.meta.name === name);
    if (!found) throw new Error(`no action named ${name}`);
    return found;
  };
  const operation = () => testCase.operation;
  const testCase = AUTHORIZED_CASES[name];

  it('declares the operation it must', () => {
    expect(action().meta.access).toBe(testCase.operation);
  });

  it('refuses a caller without a session', async () => {
    signInAs(null);
    expect(await action()(await testCase.input(own))).toEqual({ ok: false, error: 'unauthenticated' });
  });

  it.each(ROLES)('own tenant, %s: exactly as the permission table says', async (role) => {
    signInAs(own.users[role]);
    const result = await action()(await testCase.input(own));
    if (can(basicContext('', { id: '', email: '' }, role).actor, operation())) expect((testCase.outcome ?? outcomeOf)(result)).toBe('ok');
    else expect(result).toEqual({ ok: false, error: 'forbidden' });
  });

  it.each(ROLES)('another tenant, %s: never reaches this tenant', async (role) => {
    signInAs(other.users[role]);
    const result = await action()(await testCase.input(own));
    const permitted = can(basicContext('', { id: '', email: '' }, role).actor, operation());
    if (!permitted) expect(result).toEqual({ ok: false, error: 'forbidden' });
    else if (testCase.targetsResource) expect(result).toEqual({ ok: false, error: 'notFound' });
    // A create lands in the caller's own tenant whatever the input says.
    else expect((testCase.outcome ?? outcomeOf)(result)).toBe('ok');
  });
});

// ---------------------------------------------------------------------------------------------------
// The RBAC model: an organization whose users hold what their RBAC roles grant over the roles' groups.

type RbacActor = { label: string; role: Role; grants: { permissions: RbacPermission[]; groups: 'inside'[] }[] };
const RBAC_ACTORS: RbacActor[] = [
  ...ROLES.map((role) => ({ label: `${role} without RBAC roles`, role, grants: [] })),
  { label: 'manager of the inside group', role: 'SECURITY_ADMINISTRATOR', grants: [{ permissions: ['manageSecuritySettings', 'viewIncidents'], groups: ['inside'] }] },
  { label: 'viewer of the inside group', role: 'SECURITY_OPERATOR', grants: [{ permissions: ['viewIncidents'], groups: ['inside'] }] },
];
type ScopeLabel = 'inside' | 'partly outside' | 'outside' | 'all groups';
const SCOPES: ScopeLabel[] = ['inside', 'partly outside', 'outside', 'all groups'];

let rbac: World;
const rbacUsers = new Map<string, { id: string; actor: Actor }>();
const inside = () => rbac.groups[0].id;
const outside = () => rbac.groups[1].id;
const scopeOf = (label: ScopeLabel): ScopedResource =>
  label === 'all groups'
    ? ALL_GROUPS_RULE
    : { allDeviceGroups: false, deviceGroupIds: label === 'inside' ? [inside()] : label === 'outside' ? [outside()] : [inside(), outside()] };

beforeAll(async () => {
  rbac = await createTenant();
  await db().tenant.update({ where: { id: rbac.tenant.id }, data: { permissionsModel: 'RBAC' } });
  for (const { label, role, grants } of RBAC_ACTORS) {
    const user = await db().user.create({
      data: { tenantId: rbac.tenant.id, email: `rbac-${randomUUID()}@contoso.com`, name: label, role },
    });
    for (const grant of grants) {
      const name = unique('RBAC role');
      await db().rbacRole.create({
        data: {
          tenantId: rbac.tenant.id,
          name,
          nameKey: name.toLowerCase(),
          permissions: grant.permissions,
          deviceGroups: { create: grant.groups.map(() => ({ tenantId: rbac.tenant.id, deviceGroupId: inside() })) },
          users: { create: [{ tenantId: rbac.tenant.id, userId: user.id }] },
        },
      });
    }
    // The expected answers come from the permission table, fed the same grants.
    const access = accessOf({
      role,
      permissionsModel: 'RBAC',
      rbacRoles: grants.map((grant) => ({ permissions: grant.permissions, deviceGroupIds: grant.groups.map(() => inside()) })),
    });
    rbacUsers.set(label, { id: user.id, actor: { userId: user.id, tenantId: rbac.tenant.id, role, access } });
  }
});

it('names the device-group scope of every action whose operation is limited to device groups', () => {
  const limited = Object.entries(AUTHORIZED_CASES).filter(([, testCase]) => OPERATIONS[testCase.operation].reach === 'deviceGroups');
  expect(limited.filter(([, testCase]) => testCase.scoped === undefined).map(([name]) => name)).toEqual([]);
});

// What the permission table says this actor gets from this action on a resource of this scope.
function expectedOutcome(actor: Actor, testCase: Case, scope: ScopedResource): string {
  if (!can(actor, testCase.operation)) return 'forbidden';
  if (testCase.scoped === 'unscoped' || testCase.scoped === undefined) return 'ok';
  if (testCase.targetsResource) {
    if (!canSee(actor, testCase.reads ?? 'rules.view', scope)) return 'notFound';
    if (testCase.reads) return 'ok';
    return canActOn(actor, testCase.operation, scope) ? 'ok' : (testCase.refusals?.readOnly ?? 'ruleReadOnly');
  }
  return canActOn(actor, testCase.operation, scope) ? 'ok' : (testCase.refusals?.notManaged ?? 'deviceGroupsNotManaged');
}

const outcomeOf = (result: ActionResult<unknown>) => (result.ok ? 'ok' : result.error);

describe.each(Object.keys(AUTHORIZED_CASES))('%s in the RBAC model', (name) => {
  const testCase = AUTHORIZED_CASES[name];
  const action = () => discovered.find((candidate) => candidate.meta.name === name)!;
  const signInRbac = (label: string) => signInAs(rbacUsers.get(label)!);

  if (typeof testCase.scoped === 'function') {
    const build = testCase.scoped;
    const cases = RBAC_ACTORS.flatMap(({ label }) => SCOPES.map((scope) => [label, scope] as const));
    it.each(cases)('%s, resource %s: exactly as the permission table says', async (label, scopeLabel) => {
      signInRbac(label);
      const scope = scopeOf(scopeLabel);
      const result = await action()(await build(rbac, scope));
      expect((testCase.outcome ?? outcomeOf)(result)).toBe(expectedOutcome(rbacUsers.get(label)!.actor, testCase, scope));
    });
  } else {
    it.each(RBAC_ACTORS.map(({ label }) => label))('%s: exactly as the permission table says', async (label) => {
      signInRbac(label);
      const result = await action()(await testCase.input(rbac));
      expect((testCase.outcome ?? outcomeOf)(result)).toBe(expectedOutcome(rbacUsers.get(label)!.actor, testCase, ALL_GROUPS_RULE));
    });
  }
});

it('holds the RBAC answers that matter most, whatever the table says', () => {
  // A guard against a table edit that would make the generated expectations above meaningless.
  const manager = rbacUsers.get('manager of the inside group')!.actor;
  expect(expectedOutcome(manager, AUTHORIZED_CASES.updateRule, scopeOf('inside'))).toBe('ok');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.updateRule, scopeOf('partly outside'))).toBe('ruleReadOnly');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.deleteRule, scopeOf('outside'))).toBe('notFound');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.createRule, scopeOf('all groups'))).toBe('deviceGroupsNotManaged');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.createApiKey, ALL_GROUPS_RULE)).toBe('forbidden');
  // A scoped manager silences only their own groups, and never every group.
  expect(expectedOutcome(manager, AUTHORIZED_CASES.createSilence, scopeOf('inside'))).toBe('ok');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.createSilence, scopeOf('partly outside'))).toBe('silenceGroupsNotManaged');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.createSilence, scopeOf('all groups'))).toBe('silenceGroupsNotManaged');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.endSilence, scopeOf('outside'))).toBe('notFound');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.exportRules, scopeOf('partly outside'))).toBe('ok');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.exportRules, scopeOf('outside'))).toBe('notFound');
  expect(expectedOutcome(manager, AUTHORIZED_CASES.importRules, scopeOf('partly outside'))).toBe('deviceGroupsNotManaged');
  const viewer = rbacUsers.get('viewer of the inside group')!.actor;
  expect(expectedOutcome(viewer, AUTHORIZED_CASES.updateRule, scopeOf('inside'))).toBe('forbidden');
  expect(expectedOutcome(viewer, AUTHORIZED_CASES.importRules, scopeOf('inside'))).toBe('forbidden');
  const admin = rbacUsers.get('GLOBAL_ADMINISTRATOR without RBAC roles')!.actor;
  expect(expectedOutcome(admin, AUTHORIZED_CASES.deleteRule, scopeOf('all groups'))).toBe('ok');
  expect(expectedOutcome(viewer, AUTHORIZED_CASES.previewRuleEmail, scopeOf('partly outside'))).toBe('ok');
  expect(expectedOutcome(viewer, AUTHORIZED_CASES.previewRuleEmail, scopeOf('outside'))).toBe('notFound');
  const securityAdmin = rbacUsers.get('SECURITY_ADMINISTRATOR without RBAC roles')!.actor;
  expect(expectedOutcome(securityAdmin, AUTHORIZED_CASES.createRule, scopeOf('inside'))).toBe('forbidden');
});
