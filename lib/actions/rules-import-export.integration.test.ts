import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { RULE_FILE_MAX_BYTES } from '@/lib/rules-api/rule-file';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { RuleFormValues } from '@/lib/validation/rule';

// Export and import of rules files through the server actions, as the portal calls them, against the real
// PostgreSQL: what the file holds, what the preview says, and what is stored (rules, audit, matching version).
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createRuleAction } = await import('@/lib/actions/create-rule');
const { exportRulesAction } = await import('@/lib/actions/export-rules');
const { previewRulesImportAction } = await import('@/lib/actions/preview-rules-import');
const { importRulesAction } = await import('@/lib/actions/import-rules');

type World = Awaited<ReturnType<typeof createTenant>>;
type RuleFile = { format: string; version: number; exportedAt: string; rules: Record<string, unknown>[] };

const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;
const blob = (text: string) => new Blob([text], { type: 'application/json' });
const fileOf = (rules: unknown[]) => blob(JSON.stringify({ format: 'incident-mail.rules', version: 1, exportedAt: new Date().toISOString(), rules }));

function ruleInput(world: World, overrides: Partial<RuleFormValues> = {}): RuleFormValues {
  return {
    name: unique('Servers high'),
    description: 'Exported rule',
    severities: ['medium', 'high'],
    deviceGroupScope: 'selected',
    deviceGroupIds: [world.groups[1].id, world.groups[2].id],
    sourceScope: 'selected',
    sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['high'] }],
    oneNotificationPerIncident: true,
    includeOrganizationName: true,
    includeTenantPortalLink: false,
    recipients: [
      { email: 'soc@contoso.com', language: 'en' },
      { email: 'analist@contoso.nl', language: 'nl' },
    ],
    ...overrides,
  };
}

async function createRule(world: World, overrides: Partial<RuleFormValues> = {}) {
  signInAs(world.users.GLOBAL_ADMINISTRATOR);
  const result = await createRuleAction(ruleInput(world, overrides));
  if (!result.ok) throw new Error(`creating a rule failed: ${result.error}`);
  return result.data.id;
}

async function exportFile(ruleIds?: string[]): Promise<RuleFile> {
  const result = await exportRulesAction(ruleIds ? { ruleIds } : {});
  if (!result.ok) throw new Error(`export failed: ${result.error}`);
  return JSON.parse(result.data.content);
}

async function preview(file: Blob) {
  const result = await previewRulesImportAction({ file });
  if (!result.ok) throw new Error(`preview failed: ${result.error}`);
  return result.data;
}

// Preview, then apply what was previewed.
async function importFile(file: Blob) {
  const plan = await preview(file);
  return importRulesAction({ file, planDigest: plan.digest });
}

const storedRules = (world: World) =>
  db().notificationRule.findMany({
    where: { tenantId: world.tenant.id },
    // Ordered throughout: rows written in one statement have no order of their own.
    include: {
      deviceGroups: { include: { deviceGroup: true }, orderBy: { deviceGroupId: 'asc' } },
      recipients: { orderBy: { email: 'asc' } },
      sourceFilters: { orderBy: [{ serviceSource: 'asc' }, { detectionSource: 'asc' }] },
    },
    orderBy: { name: 'asc' },
  });
const matchingVersion = async (tenantId: string) => (await db().matchingVersion.findUnique({ where: { tenantId } }))?.version ?? BigInt(-1);

beforeEach(() => signInAs(null));

describe('export then import into another tenant', () => {
  let source: World;
  let target: World;
  let ids: string[];

  beforeAll(async () => {
    source = await createTenant();
    target = await createTenant();
    ids = [
      await createRule(source, { name: 'Servers high' }),
      await createRule(source, { name: 'Everything to the SOC', deviceGroupScope: 'all', deviceGroupIds: [], sourceScope: 'all', sources: [] }),
      await createRule(source, { name: 'Not exported' }),
    ];
    await db().notificationRule.update({ where: { id: ids[1] }, data: { enabled: false } });
  });

  it('exports the chosen rules as a versioned file of rule documents naming their device groups', async () => {
    signInAs(source.users.SECURITY_READER);
    const file = await exportFile(ids.slice(0, 2));
    expect(file).toMatchObject({ format: 'incident-mail.rules', version: 1 });
    expect(Date.parse(file.exportedAt)).not.toBeNaN();
    expect(file.rules.map((rule) => rule.name).sort()).toEqual(['Everything to the SOC', 'Servers high']);
    const servers = file.rules.find((rule) => rule.name === 'Servers high')!;
    expect(servers).toMatchObject({
      deviceGroups: ['Domain controllers', 'Servers'],
      sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['high'] }],
      enabled: true,
    });
    expect(file.rules.find((rule) => rule.name === 'Everything to the SOC')).toMatchObject({ deviceGroupScope: 'all', enabled: false });
    // Without a choice: every rule.
    expect((await exportFile()).rules).toHaveLength(3);
  });

  it('imports the file into a tenant with same-named groups: each rule created, audited, matching version bumped', async () => {
    signInAs(source.users.SECURITY_READER);
    const exported = await exportFile(ids.slice(0, 2));
    // Group names match regardless of case, as the rules API matches them.
    await db().deviceGroup.update({ where: { id: target.groups[1].id }, data: { name: 'SERVERS', nameKey: deviceGroupNameKey('SERVERS') } });
    signInAs(target.users.SECURITY_ADMINISTRATOR);
    const plan = await preview(blob(JSON.stringify(exported)));
    expect(plan.entries.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: exported.rules[0].name, status: 'create' },
      { name: exported.rules[1].name, status: 'create' },
    ]);
    const versionBefore = await matchingVersion(target.tenant.id);
    expect(await importRulesAction({ file: blob(JSON.stringify(exported)), planDigest: plan.digest })).toEqual({
      ok: true,
      data: { create: 2, change: 0, unchanged: 0 },
    });
    expect(await matchingVersion(target.tenant.id)).toBeGreaterThan(versionBefore);

    const stored = await storedRules(target);
    expect(stored.map((rule) => [rule.name, rule.enabled, rule.allDeviceGroups])).toEqual([
      ['Everything to the SOC', false, true],
      ['Servers high', true, false],
    ]);
    expect(stored[1].deviceGroups.map((link) => link.deviceGroupId).sort()).toEqual([target.groups[1].id, target.groups[2].id].sort());
    expect(stored[1].recipients.map((r) => `${r.email}:${r.language}`).sort()).toEqual(['analist@contoso.nl:nl', 'soc@contoso.com:en']);
    const audit = await db().auditEntry.findMany({ where: { tenantId: target.tenant.id, action: 'rule.created' } });
    expect(audit.map((entry) => entry.targetName).sort()).toEqual(['Everything to the SOC', 'Servers high']);
    expect(new Set(audit.map((entry) => entry.actorId))).toEqual(new Set([target.users.SECURITY_ADMINISTRATOR.id]));

    // The target's own export is the same rule set: the round trip lost nothing.
    const strip = ({ id: _i, createdAt: _c, updatedAt: _u, deviceGroups, ...rule }: Record<string, unknown>): Record<string, unknown> => ({
      ...rule,
      deviceGroups: (deviceGroups as string[]).map((name) => name.toLowerCase()),
    });
    const again = await exportFile();
    expect(again.rules.map((rule) => strip(rule)).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      exported.rules.map((rule) => strip(rule)).sort((a, b) => String(a.name).localeCompare(String(b.name))),
    );
    // Imported again: nothing to do.
    expect((await preview(blob(JSON.stringify(again)))).counts).toEqual({ create: 0, change: 0, unchanged: 2, invalid: 0 });
  });

  it('never reads or writes another tenant: its rules are not matched, exported, or reachable by id', async () => {
    signInAs(target.users.GLOBAL_ADMINISTRATOR);
    const result = await exportRulesAction({ ruleIds: [ids[2]] });
    expect(result).toEqual({ ok: false, error: 'notFound' });
    expect(JSON.stringify(await exportFile())).not.toContain('Not exported');
    // "Not exported" exists in the source tenant only: here it is new.
    const plan = await preview(fileOf([{ ...ruleInput(target, { name: 'not EXPORTED' }), deviceGroupIds: undefined, deviceGroups: ['Clients'] }]));
    expect(plan.entries[0].status).toBe('create');
    const sourceBefore = await storedRules(source);
    expect(await importRulesAction({ file: fileOf([{ ...ruleInput(target, { name: 'not EXPORTED' }), deviceGroupIds: undefined, deviceGroups: ['Clients'] }]), planDigest: plan.digest })).toMatchObject({ ok: true });
    expect(await storedRules(source)).toEqual(sourceBefore);
  });
});

// A document as a user would write it: device groups by name.
function documentOf(world: World, overrides: Record<string, unknown> = {}) {
  const { deviceGroupIds: _ids, ...values } = ruleInput(world);
  return { ...values, deviceGroups: ['Servers'], ...overrides };
}

describe('preview', () => {
  let world: World;
  let existing: { changed: string; same: string; readOnlyTwin: string };

  beforeAll(async () => {
    world = await createTenant();
    existing = { changed: unique('To change'), same: unique('Same'), readOnlyTwin: unique('Twin') };
    await createRule(world, { name: existing.changed, deviceGroupIds: [world.groups[1].id] });
    await createRule(world, { name: existing.same, deviceGroupIds: [world.groups[1].id] });
    await createRule(world, { name: existing.readOnlyTwin });
    await createRule(world, { name: existing.readOnlyTwin.toUpperCase() });
  });

  it('classifies every rule: create, change (with the fields), unchanged, invalid (every field and message)', async () => {
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const newName = unique('New');
    const plan = await preview(
      fileOf([
        documentOf(world, { name: newName }),
        // Matched regardless of case; severities in another order are no change.
        documentOf(world, { name: existing.changed.toUpperCase(), severities: ['high', 'low'], recipients: [{ email: 'soc@contoso.com', language: 'nl' }] }),
        documentOf(world, { name: existing.same, severities: ['high', 'medium'], enabled: true }),
        documentOf(world, { name: unique('Broken'), deviceGroups: ['Servers', 'Nowhere'], recipients: [{ email: 'not-an-address', language: 'en' }] }),
        documentOf(world, { name: newName.toLowerCase() }),
        documentOf(world, { name: existing.readOnlyTwin }),
        'not a rule',
      ]),
    );
    expect(plan.entries).toEqual([
      { index: 0, name: newName, status: 'create' },
      { index: 1, name: existing.changed.toUpperCase(), status: 'change', changes: ['name', 'severities', 'recipients'] },
      { index: 2, name: existing.same, status: 'unchanged' },
      {
        index: 3,
        name: expect.stringMatching(/^Broken/),
        status: 'invalid',
        issues: [
          { path: 'deviceGroups.1', message: 'deviceGroupUnknown' },
          { path: 'recipients.0.email', message: 'emailInvalid' },
        ],
      },
      { index: 4, name: newName.toLowerCase(), status: 'invalid', issues: [{ path: 'name', message: 'importNameDuplicateInFile' }] },
      { index: 5, name: existing.readOnlyTwin, status: 'invalid', issues: [{ path: 'name', message: 'importNameAmbiguous' }] },
      { index: 6, name: null, status: 'invalid', issues: [{ path: '', message: 'Expected a JSON object.' }] },
    ]);
    expect(plan.counts).toEqual({ create: 1, change: 1, unchanged: 1, invalid: 4 });
  });

  it('refuses to apply while any rule is invalid, and writes nothing', async () => {
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const file = fileOf([documentOf(world, { name: unique('Fine') }), documentOf(world, { name: unique('Bad'), severities: [] })]);
    const plan = await preview(file);
    const before = await storedRules(world);
    expect(await importRulesAction({ file, planDigest: plan.digest })).toEqual({
      ok: false,
      error: 'importHasInvalidRules',
      errorParams: { count: '1' },
      fieldErrors: { 'rules.1.severities': 'severityRequired' },
    });
    expect(await storedRules(world)).toEqual(before);
  });

  it('refuses to apply when the outcome is no longer the one previewed', async () => {
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const name = unique('Raced');
    const file = fileOf([documentOf(world, { name })]);
    const plan = await preview(file);
    // Someone else creates a rule of that name meanwhile: the import would now change it, not create one.
    await createRule(world, { name });
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    expect(await importRulesAction({ file, planDigest: plan.digest })).toEqual({ ok: false, error: 'importPlanChanged' });
    expect(await db().notificationRule.count({ where: { tenantId: world.tenant.id, name } })).toBe(1);
  });

  it('changes a matched rule in place, keeping its id and its recipients’ added-at', async () => {
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const name = unique('Kept');
    const id = await createRule(world, { name });
    const addedAt = (await db().ruleRecipient.findFirstOrThrow({ where: { ruleId: id, email: 'soc@contoso.com' } })).addedAt;
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const result = await importFile(fileOf([documentOf(world, { name, description: 'Changed by import', enabled: false })]));
    expect(result).toEqual({ ok: true, data: { create: 0, change: 1, unchanged: 0 } });
    const stored = await db().notificationRule.findUniqueOrThrow({ where: { id }, include: { recipients: true } });
    expect(stored).toMatchObject({ description: 'Changed by import', enabled: false });
    expect(stored.recipients.find((r) => r.email === 'soc@contoso.com')!.addedAt).toEqual(addedAt);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: id, action: 'rule.updated' } });
    expect(audit.after).toMatchObject({ description: 'Changed by import', enabled: false });
  });
});

describe('files that cannot be imported', () => {
  let world: World;
  beforeAll(async () => {
    world = await createTenant();
  });

  it.each([
    ['', { ok: false, error: 'importFileEmpty' }],
    ['{\n  "rules": []\n  "version": 1 }', { ok: false, error: 'importFileNotJsonAt', errorParams: { line: '3', column: '3' } }],
    ['{ "rules": [ }', { ok: false, error: 'importFileNotJson' }],
    ['[1, 2]', { ok: false, error: 'importFileWrongFormat' }],
    ['{ "format": "something-else", "rules": [] }', { ok: false, error: 'importFileWrongFormat' }],
    ['{ "format": "incident-mail.rules", "version": 2, "rules": [] }', { ok: false, error: 'importFileUnsupportedVersion', errorParams: { version: '2' } }],
    ['{ "format": "incident-mail.rules", "version": 1, "rules": [] }', { ok: false, error: 'importFileNoRules' }],
  ])('%j is refused with a clear error', async (text, expected) => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    expect(await previewRulesImportAction({ file: blob(text) })).toMatchObject(expected);
    expect(await importRulesAction({ file: blob(text), planDigest: '0'.repeat(64) })).toMatchObject(expected);
  });

  it('refuses a file over the size limit before reading it', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const big = blob(' '.repeat(RULE_FILE_MAX_BYTES + 1));
    expect(await previewRulesImportAction({ file: big })).toEqual({ ok: false, error: 'invalidInput', fieldErrors: { file: 'importFileTooLarge' } });
  });

  it('takes the rules API’s answers: a list (GET /api/rules) and a single rule (GET /api/rules/{id})', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const list = await preview(blob(JSON.stringify({ rules: [documentOf(world, { name: unique('Listed') })] })));
    expect(list.counts.create).toBe(1);
    const single = await preview(blob(JSON.stringify(documentOf(world, { name: unique('Single'), id: randomUUID() }))));
    expect(single.counts.create).toBe(1);
  });
});

describe('one transaction', () => {
  let world: World;
  const EXPLODING = `explode-${randomUUID().slice(0, 8)}@contoso.com`;

  beforeAll(async () => {
    world = await createTenant();
    // A database failure part-way through the apply: inserting this one recipient fails.
    await db().$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION import_test_explode() RETURNS trigger AS $$
      BEGIN IF NEW.email = '${EXPLODING}' THEN RAISE EXCEPTION 'import test: failing on purpose'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(
      'CREATE TRIGGER import_test_explode BEFORE INSERT ON "RuleRecipient" FOR EACH ROW EXECUTE FUNCTION import_test_explode()',
    );
  });

  afterAll(async () => {
    await db().$executeRawUnsafe('DROP TRIGGER IF EXISTS import_test_explode ON "RuleRecipient"');
    await db().$executeRawUnsafe('DROP FUNCTION IF EXISTS import_test_explode()');
  });

  it('one rule failing to be written rolls back every rule, change and audit entry before it', async () => {
    const name = unique('Existing');
    const id = await createRule(world, { name });
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const before = await storedRules(world);
    const auditBefore = await db().auditEntry.count({ where: { tenantId: world.tenant.id } });
    const result = await importFile(
      fileOf([
        documentOf(world, { name: unique('First') }),
        documentOf(world, { name, description: 'Changed before the failure' }),
        documentOf(world, { name: unique('Last'), recipients: [{ email: EXPLODING, language: 'en' }] }),
      ]),
    );
    expect(result).toEqual({ ok: false, error: 'unexpected' });
    expect(await storedRules(world)).toEqual(before);
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).description).toBe('Exported rule');
    expect(await db().auditEntry.count({ where: { tenantId: world.tenant.id } })).toBe(auditBefore);
  });
});

describe('RBAC: a user who manages one device group', () => {
  let world: World;
  let manager: { id: string };
  let names: { inside: string; partly: string; outside: string; all: string };
  const [INSIDE, OUTSIDE] = [1, 2];

  beforeAll(async () => {
    world = await createTenant();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    names = { inside: unique('Inside'), partly: unique('Partly'), outside: unique('Outside'), all: unique('All') };
    await createRule(world, { name: names.inside, deviceGroupIds: [world.groups[INSIDE].id] });
    await createRule(world, { name: names.partly, deviceGroupIds: [world.groups[INSIDE].id, world.groups[OUTSIDE].id] });
    await createRule(world, { name: names.outside, deviceGroupIds: [world.groups[OUTSIDE].id] });
    await createRule(world, { name: names.all, deviceGroupScope: 'all', deviceGroupIds: [] });
    manager = await db().user.create({
      data: { tenantId: world.tenant.id, email: `manager-${randomUUID()}@contoso.com`, name: 'Scoped manager', role: 'SECURITY_ADMINISTRATOR' },
    });
    await db().rbacRole.create({
      data: {
        tenantId: world.tenant.id,
        name: 'Servers managers',
        nameKey: 'servers managers',
        permissions: ['manageSecuritySettings', 'viewIncidents'],
        deviceGroups: { create: [{ tenantId: world.tenant.id, deviceGroupId: world.groups[INSIDE].id }] },
        users: { create: [{ tenantId: world.tenant.id, userId: manager.id }] },
      },
    });
  });

  it('exports only the rules they see, naming only their groups', async () => {
    signInAs(manager);
    const file = await exportFile();
    expect(file.rules.map((rule) => rule.name).sort()).toEqual([names.all, names.inside, names.partly].sort());
    expect(file.rules.find((rule) => rule.name === names.partly)).toMatchObject({ deviceGroups: ['Servers'], hiddenDeviceGroupCount: 1 });
    expect(file.rules.find((rule) => rule.name === names.inside)).not.toHaveProperty('hiddenDeviceGroupCount');
    expect(JSON.stringify(file)).not.toContain('Domain controllers');
  });

  it('imports only rules within the groups they manage; groups they cannot see read as unknown', async () => {
    signInAs(manager);
    // Their own export of a rule partly outside their groups, imported back unchanged, changes nothing.
    expect((await preview(blob(JSON.stringify(await exportFile())))).counts).toEqual({ create: 0, change: 0, unchanged: 3, invalid: 0 });
    const own = unique('Own');
    const file = fileOf([
      documentOf(world, { name: own, deviceGroups: ['Servers'] }),
      documentOf(world, { name: unique('Hidden group'), deviceGroups: ['Domain controllers'] }),
      documentOf(world, { name: unique('Unknown group'), deviceGroups: ['Nowhere'] }),
      documentOf(world, { name: unique('Everything'), deviceGroupScope: 'all', deviceGroups: [] }),
      documentOf(world, { name: names.partly, deviceGroups: ['Servers'], description: 'Mine now' }),
      // A rule they cannot see does not exist for them: a same-named file rule is a new one, in their group.
      documentOf(world, { name: names.outside, deviceGroups: ['Servers'] }),
    ]);
    const plan = await preview(file);
    expect(plan.entries.map((entry) => (entry.status === 'invalid' ? entry.issues : entry.status))).toEqual([
      'create',
      [{ path: 'deviceGroups.0', message: 'deviceGroupUnknown' }],
      [{ path: 'deviceGroups.0', message: 'deviceGroupUnknown' }],
      [{ path: 'deviceGroupScope', message: 'deviceGroupsNotManaged' }],
      [{ path: '', message: 'ruleReadOnly' }],
      'create',
    ]);
    const before = await storedRules(world);
    expect(await importRulesAction({ file, planDigest: plan.digest })).toMatchObject({ ok: false, error: 'importHasInvalidRules' });
    expect(await storedRules(world)).toEqual(before);

    const allowed = fileOf([documentOf(world, { name: own, deviceGroups: ['Servers'] })]);
    expect(await importFile(allowed)).toEqual({ ok: true, data: { create: 1, change: 0, unchanged: 0 } });
    const created = await db().notificationRule.findFirstOrThrow({ where: { tenantId: world.tenant.id, name: own }, include: { deviceGroups: true } });
    expect(created.deviceGroups.map((link) => link.deviceGroupId)).toEqual([world.groups[INSIDE].id]);
  });

  it('a viewer may export but not import', async () => {
    const viewer = await db().user.create({
      data: { tenantId: world.tenant.id, email: `viewer-${randomUUID()}@contoso.com`, name: 'Viewer', role: 'SECURITY_READER' },
    });
    await db().rbacRole.create({
      data: {
        tenantId: world.tenant.id,
        name: unique('Viewers'),
        nameKey: unique('viewers'),
        permissions: ['viewIncidents'],
        deviceGroups: { create: [{ tenantId: world.tenant.id, deviceGroupId: world.groups[INSIDE].id }] },
        users: { create: [{ tenantId: world.tenant.id, userId: viewer.id }] },
      },
    });
    signInAs(viewer);
    expect((await exportFile()).rules.length).toBeGreaterThan(0);
    expect(await previewRulesImportAction({ file: fileOf([documentOf(world)]) })).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('volume settings in rules files (issue 12)', () => {
  const volume = {
    coalescing: { windowMinutes: 10, highSeverityBypass: false },
    recipientCap: { period: 'hour' as const, limits: { high: 3, informational: 50 }, digestAt: null },
  };
  const volumeColumns = { coalesceMinutes: true, capPeriod: true, capHigh: true, capInformational: true, digestAtMinute: true } as const;

  it('exports them, imports them into another tenant as they were, and previews a change of them by name', async () => {
    const source = await createTenant();
    const target = await createTenant();
    const id = await createRule(source, { name: 'Capped', ...volume });
    signInAs(source.users.SECURITY_READER);
    const exported = await exportFile([id]);
    expect(exported.rules[0]).toMatchObject(volume);

    signInAs(target.users.SECURITY_ADMINISTRATOR);
    expect(await importFile(blob(JSON.stringify(exported)))).toMatchObject({ ok: true });
    const imported = await db().notificationRule.findFirstOrThrow({ where: { tenantId: target.tenant.id, name: 'Capped' }, select: volumeColumns });
    expect(imported).toEqual({ coalesceMinutes: 10, capPeriod: 'hour', capHigh: 3, capInformational: 50, digestAtMinute: null });

    // The same file again: unchanged. With another cap: a change of that field only, then applied.
    expect((await preview(blob(JSON.stringify(exported)))).counts).toMatchObject({ unchanged: 1 });
    const recapped = { ...exported.rules[0], recipientCap: { period: 'day', limits: { high: 3 }, digestAt: '06:00' } };
    const plan = await preview(fileOf([recapped]));
    expect(plan.entries).toEqual([expect.objectContaining({ status: 'change', changes: ['recipientCap'] })]);
    expect(await importFile(fileOf([recapped]))).toMatchObject({ ok: true });
    expect(await db().notificationRule.findFirstOrThrow({ where: { tenantId: target.tenant.id, name: 'Capped' }, select: volumeColumns })).toEqual({
      coalesceMinutes: 10,
      capPeriod: 'day',
      capHigh: 3,
      capInformational: null,
      digestAtMinute: 360,
    });
  });

  it('reads a file written before the settings existed as "off": a change of a capped rule, shown before it is applied', async () => {
    const world = await createTenant();
    const name = unique('Older file');
    await createRule(world, { name, deviceGroupIds: [world.groups[1].id], ...volume });
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const older = documentOf(world, { name });
    expect(older).not.toHaveProperty('coalescing');
    const plan = await preview(fileOf([older]));
    expect(plan.entries).toEqual([expect.objectContaining({ status: 'change', changes: ['coalescing', 'recipientCap'] })]);
  });

  it('lists an invalid cap in the preview with its field and message', async () => {
    const world = await createTenant();
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    const plan = await preview(fileOf([documentOf(world, { name: unique('Bad cap'), recipientCap: { period: 'day', limits: {}, digestAt: null } })]));
    expect(plan.entries).toEqual([
      expect.objectContaining({ status: 'invalid', issues: [{ path: 'recipientCap.limits', message: 'capLimitRequired' }] }),
    ]);
  });
});
