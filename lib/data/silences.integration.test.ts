import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { createSilenceAction } from '@/lib/actions/create-silence';
import { endSilenceAction } from '@/lib/actions/end-silence';
import { extendSilenceAction } from '@/lib/actions/extend-silence';
import { listDeliveries } from '@/lib/data/deliveries';
import { createSilence, endSilence, extendSilence, getSilence, listSilences, silencesEndingSoon } from '@/lib/data/silences';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { SilenceInput } from '@/lib/validation/silence';

vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

type World = Awaited<ReturnType<typeof createTenant>>;
let world: World;
let admin: TenantContext;
let scopedUser: { id: string; email: string };
let scoped: TenantContext;
const HOUR = 3_600_000;
// A fixed "now" on the tenant's wall clock (Europe/Amsterdam, UTC+1 in January).
const NOW = new Date('2027-01-10T09:00:00Z');

const input = (overrides: Partial<SilenceInput> = {}): SilenceInput => ({
  name: `Patch window ${randomUUID().slice(0, 6)}`,
  comment: 'Monthly patching of the servers',
  deviceGroupIds: [],
  detectionSources: [],
  severities: [],
  titleContains: '',
  ruleIds: [],
  startsAt: '2027-01-10T10:00',
  endsAt: '2027-01-10T14:00',
  recurring: false,
  weekdays: [],
  windowStart: '',
  windowEnd: '',
  ...overrides,
});

beforeAll(async () => {
  world = await createTenant();
  await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam', permissionsModel: 'RBAC' } });
  admin = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
  // Manages the first group only (RBAC).
  const user = await db().user.create({
    data: { tenantId: world.tenant.id, email: `scoped-${randomUUID()}@contoso.com`, name: 'Scoped', role: 'SECURITY_OPERATOR' },
  });
  await db().rbacRole.create({
    data: {
      tenantId: world.tenant.id,
      name: 'Clients team',
      nameKey: `clients team ${randomUUID()}`,
      permissions: ['manageSecuritySettings', 'viewIncidents'],
      deviceGroups: { create: [{ tenantId: world.tenant.id, deviceGroupId: world.groups[0].id }] },
      users: { create: [{ tenantId: world.tenant.id, userId: user.id }] },
    },
  });
  scopedUser = { id: user.id, email: user.email };
  const access = accessOf({ role: 'SECURITY_OPERATOR', permissionsModel: 'RBAC', rbacRoles: [{ permissions: ['manageSecuritySettings', 'viewIncidents'], deviceGroupIds: [world.groups[0].id] }] });
  scoped = { tenantId: world.tenant.id, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId: world.tenant.id, role: 'SECURITY_OPERATOR', access } };
});

describe('creating', () => {
  it('stores the local times as instants in the tenant time zone, with its author, and audits it', async () => {
    const { id } = await createSilence(admin, input({ recurring: true, weekdays: ['2', '0'], windowStart: '22:00', windowEnd: '06:00' }), NOW);
    const row = await db().silence.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      startsAt: new Date('2027-01-10T09:00:00Z'),
      endsAt: new Date('2027-01-10T13:00:00Z'),
      recurrenceWeekdays: [0, 2],
      recurrenceStartMinute: 22 * 60,
      recurrenceEndMinute: 6 * 60,
      createdById: world.users.GLOBAL_ADMINISTRATOR.id,
      createdByEmail: world.users.GLOBAL_ADMINISTRATOR.email,
    });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { tenantId: world.tenant.id, targetId: id } });
    expect(audit).toMatchObject({ action: 'silence.created', actorEmail: world.users.GLOBAL_ADMINISTRATOR.email, targetName: row.name });
  });

  it('refuses an end before the start, in the past, or more than 90 days on', async () => {
    const refusal = (overrides: Partial<SilenceInput>) => createSilence(admin, input(overrides), NOW).then(() => 'created', (error) => error.fieldErrors);
    expect(await refusal({ endsAt: '2027-01-10T10:00' })).toEqual({ endsAt: 'silenceEndBeforeStart' });
    expect(await refusal({ startsAt: '2027-01-09T10:00', endsAt: '2027-01-10T09:30' })).toEqual({ endsAt: 'silenceEndInPast' });
    expect(await refusal({ endsAt: '2027-04-11T10:00' })).toEqual({ endsAt: 'silenceTooLong' });
  });

  it('through the action: a form that says too little gets field messages, nothing is stored', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const before = await db().silence.count({ where: { tenantId: world.tenant.id } });
    const result = await createSilenceAction({ ...input({ name: ' ', endsAt: '' }), recurring: true, windowStart: '25:00', windowEnd: '' });
    expect(result).toEqual({
      ok: false,
      error: 'invalidInput',
      fieldErrors: { name: 'silenceNameRequired', endsAt: 'silenceEndRequired', weekdays: 'silenceWeekdaysRequired', windowStart: 'silenceTimeOfDayInvalid', windowEnd: 'silenceTimeOfDayInvalid' },
    });
    expect(await db().silence.count({ where: { tenantId: world.tenant.id } })).toBe(before);
  });

  it('a scoped user may silence only their own groups, never every group, and names only groups and rules of the tenant', async () => {
    await expect(createSilence(scoped, input({ deviceGroupIds: [world.groups[0].id] }), NOW)).resolves.toMatchObject({ id: expect.any(String) });
    await expect(createSilence(scoped, input(), NOW)).rejects.toMatchObject({ key: 'silenceGroupsNotManaged' });
    await expect(createSilence(scoped, input({ deviceGroupIds: [world.groups[0].id, world.groups[1].id] }), NOW)).rejects.toMatchObject({ key: 'silenceGroupsNotManaged' });
    const other = await createTenant();
    await expect(createSilence(admin, input({ deviceGroupIds: [other.groups[0].id] }), NOW)).rejects.toMatchObject({ fieldErrors: { deviceGroupIds: 'deviceGroupUnknown' } });
    const theirRule = await db().notificationRule.create({ data: { tenantId: other.tenant.id, name: 'Theirs', severities: ['high'] } });
    await expect(createSilence(admin, input({ ruleIds: [theirRule.id] }), NOW)).rejects.toMatchObject({ fieldErrors: { ruleIds: 'silenceRuleUnknown' } });
  });
});

describe('listing', () => {
  it('sorts into active, upcoming and expired; a scoped user sees only silences concerning their groups, others counted', async () => {
    const tenant = await createTenant();
    const ctx = basicContext(tenant.tenant.id, tenant.users.GLOBAL_ADMINISTRATOR);
    const make = (name: string, startsAt: string, endsAt: string, deviceGroupIds: string[] = []) =>
      db().silence.create({ data: { tenantId: tenant.tenant.id, name, startsAt: new Date(startsAt), endsAt: new Date(endsAt), deviceGroupIds, createdByEmail: 'a@contoso.com' } });
    await make('Now', '2027-01-10T08:00:00Z', '2027-01-10T10:00:00Z', [tenant.groups[0].id, tenant.groups[1].id]);
    await make('Later', '2027-01-11T08:00:00Z', '2027-01-11T10:00:00Z', [tenant.groups[1].id]);
    await make('Over', '2027-01-09T08:00:00Z', '2027-01-09T10:00:00Z');
    const lists = await listSilences(ctx, NOW);
    expect([lists.active, lists.upcoming, lists.expired].map((list) => list.map((s) => s.name))).toEqual([['Now'], ['Later'], ['Over']]);
    expect(lists.hiddenCount).toBe(0);

    const access = accessOf({ role: 'SECURITY_READER', permissionsModel: 'RBAC', rbacRoles: [{ permissions: ['viewIncidents'], deviceGroupIds: [tenant.groups[0].id] }] });
    const reader: TenantContext = { ...ctx, userId: tenant.users.SECURITY_READER.id, actor: { userId: tenant.users.SECURITY_READER.id, tenantId: tenant.tenant.id, role: 'SECURITY_READER', access } };
    const seen = await listSilences(reader, NOW);
    // "Over" names no group: it concerned every group, theirs included.
    expect([seen.active, seen.upcoming, seen.expired].map((list) => list.map((s) => s.name))).toEqual([['Now'], [], ['Over']]);
    expect(seen.hiddenCount).toBe(1);
    expect(seen.active[0]).toMatchObject({ deviceGroups: [{ id: tenant.groups[0].id, name: 'Clients' }], hiddenDeviceGroupCount: 1, canManage: false });
  });

  it('never shows another tenant\'s silences', async () => {
    const other = await createTenant();
    const { id } = await createSilence(basicContext(other.tenant.id, other.users.GLOBAL_ADMINISTRATOR), input(), NOW);
    expect(await getSilence(admin, id, NOW)).toBeNull();
    const lists = await listSilences(admin, NOW);
    expect([...lists.active, ...lists.upcoming, ...lists.expired].some((s) => s.id === id)).toBe(false);
  });
});

describe('ending and extending', () => {
  it('End now stops it at once and is audited; it cannot be ended or extended again', async () => {
    const { id } = await createSilence(admin, input({ startsAt: '2027-01-10T09:00' }), NOW);
    const later = new Date(NOW.getTime() + 30 * 60_000);
    await endSilence(admin, id, later);
    expect((await db().silence.findUniqueOrThrow({ where: { id } })).endedAt).toEqual(later);
    expect((await getSilence(admin, id, later))?.phase).toBe('expired');
    await expect(endSilence(admin, id, later)).rejects.toMatchObject({ key: 'silenceOver' });
    await expect(extendSilence(admin, id, '2027-01-10T18:00', later)).rejects.toMatchObject({ key: 'silenceOver' });
    const actions = (await db().auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' } })).map((entry) => entry.action);
    expect(actions).toEqual(['silence.created', 'silence.ended']);
  });

  it('extends to a later end only, within 90 days of the start', async () => {
    const { id } = await createSilence(admin, input(), NOW);
    await expect(extendSilence(admin, id, '2027-01-10T13:00', NOW)).rejects.toMatchObject({ fieldErrors: { endsAt: 'silenceExtendNotLater' } });
    await expect(extendSilence(admin, id, '2027-05-10T13:00', NOW)).rejects.toMatchObject({ fieldErrors: { endsAt: 'silenceTooLong' } });
    await extendSilence(admin, id, '2027-01-10T20:00', NOW);
    expect((await db().silence.findUniqueOrThrow({ where: { id } })).endsAt).toEqual(new Date('2027-01-10T19:00:00Z'));
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: id, action: 'silence.extended' } });
    expect(audit.before).toEqual({ endsAt: '2027-01-10T13:00:00.000Z' });
    expect(audit.after).toEqual({ endsAt: '2027-01-10T19:00:00.000Z' });
  });

  it('a scoped user cannot touch a silence reaching beyond their groups, and does not see one outside them', async () => {
    const { id: wider } = await createSilence(admin, input({ deviceGroupIds: [world.groups[0].id, world.groups[1].id] }), NOW);
    const { id: outside } = await createSilence(admin, input({ deviceGroupIds: [world.groups[1].id] }), NOW);
    await expect(endSilence(scoped, wider, NOW)).rejects.toMatchObject({ key: 'silenceReadOnly' });
    await expect(endSilence(scoped, outside, NOW)).rejects.toMatchObject({ key: 'notFound' });
    signInAs(scopedUser);
    expect(await extendSilenceAction({ id: outside, endsAt: '2027-01-10T20:00' })).toEqual({ ok: false, error: 'notFound' });
    expect(await endSilenceAction({ id: wider })).toEqual({ ok: false, error: 'silenceReadOnly' });
    expect((await db().silence.findUniqueOrThrow({ where: { id: wider } })).endedAt).toBeNull();
  });
});

describe('what a silence held back, and the reminder', () => {
  it('lists the deliveries a silence held back in the delivery log, with its name', async () => {
    const { id } = await createSilence(admin, input(), NOW);
    const incident = await db().incident.create({ data: { tenantId: world.tenant.id, externalId: `inc-${randomUUID()}`, displayName: 'Held incident', severity: 'high', status: 'active' } });
    await db().delivery.create({
      data: { tenantId: world.tenant.id, kind: 'incident', incidentId: incident.id, recipientEmail: 'soc@contoso.com', language: 'en', includeOrganizationName: false, includeTenantPortalLink: false, status: 'silenced', silenceId: id },
    });
    const { entries } = await listDeliveries(admin, { silenceId: id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ status: 'silenced', silence: { id, name: expect.stringMatching(/^Patch window/) }, incident: { displayName: 'Held incident' } });
    expect((await getSilence(admin, id, NOW))?.heldBackCount).toBe(1);
  });

  it('reminds those who may change a silence when it ends within the hour', async () => {
    const tenant = await createTenant();
    const ctx = basicContext(tenant.tenant.id, tenant.users.GLOBAL_ADMINISTRATOR);
    const soon = await db().silence.create({ data: { tenantId: tenant.tenant.id, name: 'Soon', startsAt: new Date(NOW.getTime() - HOUR), endsAt: new Date(NOW.getTime() + 50 * 60_000), createdByEmail: 'a@contoso.com' } });
    await db().silence.create({ data: { tenantId: tenant.tenant.id, name: 'Later', startsAt: new Date(NOW.getTime() - HOUR), endsAt: new Date(NOW.getTime() + 2 * HOUR), createdByEmail: 'a@contoso.com' } });
    expect(await silencesEndingSoon(ctx, NOW)).toEqual([{ id: soon.id, name: 'Soon', endsAt: new Date(NOW.getTime() + 50 * 60_000).toISOString() }]);
    expect(await silencesEndingSoon(basicContext(tenant.tenant.id, tenant.users.SECURITY_READER, 'SECURITY_READER'), NOW)).toEqual([]);
  });
});
