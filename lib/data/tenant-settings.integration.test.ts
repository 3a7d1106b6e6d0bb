import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

// Settings → Organization through the server action, against the real PostgreSQL. Only reading the session
// cookie and revalidating Next's cache are replaced.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { updateTenantSettingsAction } = await import('@/lib/actions/update-tenant-settings');
const { getTenantSettings } = await import('@/lib/data/tenant-settings');
const { getPortalUser } = await import('@/lib/auth/session');

type World = Awaited<ReturnType<typeof createTenant>>;

const settingsOf = (world: World) =>
  db().tenant.findUniqueOrThrow({
    where: { id: world.tenant.id },
    select: { name: true, microsoftTenantId: true, defaultLanguage: true, permissionsModel: true },
  });
const tenantAudit = (world: World) =>
  db().auditEntry.findMany({ where: { tenantId: world.tenant.id, targetType: 'tenant' }, orderBy: { createdAt: 'asc' } });

// The form's values, as the page gives them to the form.
async function asAdminOf(world: World) {
  signInAs(world.users.GLOBAL_ADMINISTRATOR);
  return (await getTenantSettings(basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR))).settings;
}

beforeEach(() => signInAs(null));

describe('updateTenantSettingsAction', () => {
  it('changes the caller’s own organization only and audits what changed', async () => {
    const own = await createTenant();
    const other = await createTenant();
    const current = await asAdminOf(own);
    const input = { ...current, name: '  Contoso Security  ', defaultLanguage: 'nl' as const };
    // A tenant id in the input is not part of the form and is ignored.
    expect(await updateTenantSettingsAction({ ...input, tenantId: other.tenant.id } as typeof input)).toEqual({ ok: true, data: null });

    expect(await settingsOf(own)).toEqual({
      name: 'Contoso Security',
      microsoftTenantId: own.tenant.microsoftTenantId,
      defaultLanguage: 'nl',
      permissionsModel: 'BASIC',
    });
    expect(await settingsOf(other)).toEqual({
      name: other.tenant.name,
      microsoftTenantId: other.tenant.microsoftTenantId,
      defaultLanguage: 'en',
      permissionsModel: 'BASIC',
    });
    const [entry] = await tenantAudit(own);
    expect(entry).toMatchObject({ action: 'tenant.updated', targetId: own.tenant.id, actorId: own.users.GLOBAL_ADMINISTRATOR.id });
    expect(entry.before).toEqual({ name: own.tenant.name, defaultLanguage: 'en' });
    expect(entry.after).toEqual({ name: 'Contoso Security', defaultLanguage: 'nl' });
    expect(await tenantAudit(other)).toEqual([]);

    // Saving the same values again writes nothing.
    expect(await updateTenantSettingsAction(input)).toEqual({ ok: true, data: null });
    expect(await tenantAudit(own)).toHaveLength(1);
  });

  it('keeps a time zone only when it is an IANA name, and audits the change', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    expect(current.timeZone).toBe('UTC');
    expect(await updateTenantSettingsAction({ ...current, timeZone: 'Mars/Olympus_Mons' })).toMatchObject({
      ok: false,
      fieldErrors: { timeZone: 'timeZoneInvalid' },
    });
    expect(await updateTenantSettingsAction({ ...current, timeZone: 'Europe/Amsterdam' })).toEqual({ ok: true, data: null });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: own.tenant.id } })).timeZone).toBe('Europe/Amsterdam');
    expect((await tenantAudit(own)).at(-1)).toMatchObject({ before: { timeZone: 'UTC' }, after: { timeZone: 'Europe/Amsterdam' } });
  });

  it('shows the Microsoft Entra tenant id but never changes it: only the deployment’s operator sets it', async () => {
    const own = await createTenant();
    const other = await createTenant();
    expect((await getTenantSettings(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR))).microsoftTenantId).toBe(
      own.tenant.microsoftTenantId,
    );
    const current = await asAdminOf(own);
    // A crafted call: another organization's id (squatting it, or probing whether it is taken), a fresh one,
    // and none at all. Each saves the form's fields and leaves the id as it was, with no hint about the others.
    for (const microsoftTenantId of [other.tenant.microsoftTenantId!.toUpperCase(), randomUUID(), '', null]) {
      const crafted = { ...current, name: `Renamed ${randomUUID()}`, microsoftTenantId } as typeof current;
      expect(await updateTenantSettingsAction(crafted)).toEqual({ ok: true, data: null });
      expect(await settingsOf(own)).toMatchObject({ name: crafted.name, microsoftTenantId: own.tenant.microsoftTenantId });
    }
    expect((await settingsOf(other)).microsoftTenantId).toBe(other.tenant.microsoftTenantId);
    for (const entry of await tenantAudit(own)) {
      expect(Object.keys(entry.after as object)).toEqual(['name']);
    }
  });

  it('answers each invalid field with its catalog key', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    expect(await updateTenantSettingsAction({ ...current, name: '   ' })).toEqual({
      ok: false,
      error: 'invalidInput',
      fieldErrors: { name: 'organizationNameRequired' },
    });
    expect(await updateTenantSettingsAction({ ...current, name: 'x'.repeat(101) })).toMatchObject({
      fieldErrors: { name: 'organizationNameTooLong' },
    });
    const tampered = { ...current, permissionsModel: 'EVERYONE' } as unknown as typeof current;
    expect(await updateTenantSettingsAction(tampered)).toMatchObject({ ok: false, error: 'invalidInput' });
    expect(await settingsOf(own)).toMatchObject({ name: own.tenant.name, permissionsModel: 'BASIC' });
  });

  it('is refused to everyone but a Global Administrator', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    for (const role of ['SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'] as const) {
      signInAs(own.users[role]);
      expect(await updateTenantSettingsAction({ ...current, permissionsModel: 'RBAC' })).toEqual({ ok: false, error: 'forbidden' });
    }
    expect((await settingsOf(own)).permissionsModel).toBe('BASIC');
  });

  it('switches the permissions model for every signed-in user at their next request', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    const canOf = async (user: { id: string }) => {
      signInAs(user);
      const portal = await getPortalUser();
      if (!portal) throw new Error('the session should still count');
      return portal;
    };
    expect((await canOf(own.users.SECURITY_ADMINISTRATOR)).can('rules.create')).toBe(true);

    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await updateTenantSettingsAction({ ...current, permissionsModel: 'RBAC' })).toEqual({ ok: true, data: null });
    // Without roles, the directory role grants nothing any more; the Global Administrator keeps everything.
    const securityAdmin = await canOf(own.users.SECURITY_ADMINISTRATOR);
    expect(securityAdmin.can('rules.view')).toBe(false);
    expect(securityAdmin.tenant.permissionsModel).toBe('RBAC');
    const admin = await canOf(own.users.GLOBAL_ADMINISTRATOR);
    expect(admin.can('tenant.manage')).toBe(true);
    expect(admin.can('deviceGroups.manage')).toBe(true);
    expect((await tenantAudit(own)).at(-1)).toMatchObject({ before: { permissionsModel: 'BASIC' }, after: { permissionsModel: 'RBAC' } });

    expect(await updateTenantSettingsAction({ ...current, permissionsModel: 'BASIC' })).toEqual({ ok: true, data: null });
    expect((await canOf(own.users.SECURITY_ADMINISTRATOR)).can('rules.create')).toBe(true);
  });
});

describe('the per-address cap (Settings → Organization)', () => {
  const capColumns = (world: World) =>
    db().tenant.findUniqueOrThrow({
      where: { id: world.tenant.id },
      select: {
        addressCapPeriod: true,
        addressCapHigh: true,
        addressCapMedium: true,
        addressCapLow: true,
        addressCapInformational: true,
        addressDigestAtMinute: true,
      },
    });

  it('is off by default, then saved with the other settings, read back and audited', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    expect(current.addressCap).toBeNull();
    const addressCap = { period: 'day' as const, limits: { high: 10, low: 3 }, digestAt: '18:00' };
    expect(await updateTenantSettingsAction({ ...current, addressCap })).toEqual({ ok: true, data: null });
    expect(await capColumns(own)).toEqual({
      addressCapPeriod: 'day',
      addressCapHigh: 10,
      addressCapMedium: null,
      addressCapLow: 3,
      addressCapInformational: null,
      addressDigestAtMinute: 1080,
    });
    expect((await asAdminOf(own)).addressCap).toEqual(addressCap);
    expect((await tenantAudit(own)).at(-1)).toMatchObject({ before: { addressCap: null }, after: { addressCap } });

    // Turned off again: nothing of it is left.
    expect(await updateTenantSettingsAction({ ...current, addressCap: null })).toEqual({ ok: true, data: null });
    expect(await capColumns(own)).toEqual({
      addressCapPeriod: null,
      addressCapHigh: null,
      addressCapMedium: null,
      addressCapLow: null,
      addressCapInformational: null,
      addressDigestAtMinute: null,
    });
  });

  it('answers an invalid cap with its field errors and keeps the stored one', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    expect(await updateTenantSettingsAction({ ...current, addressCap: { period: 'hour', limits: {}, digestAt: null } })).toEqual({
      ok: false,
      error: 'invalidInput',
      fieldErrors: { 'addressCap.limits': 'capLimitRequired' },
    });
    expect(
      await updateTenantSettingsAction({ ...current, addressCap: { period: 'hour', limits: { high: 5000 }, digestAt: '7:00' } }),
    ).toMatchObject({ ok: false, fieldErrors: { 'addressCap.limits.high': 'capLimitInvalid', 'addressCap.digestAt': 'digestTimeInvalid' } });
    expect((await capColumns(own)).addressCapPeriod).toBeNull();
  });

  it('is refused to everyone but a Global Administrator', async () => {
    const own = await createTenant();
    const current = await asAdminOf(own);
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    expect(await updateTenantSettingsAction({ ...current, addressCap: { period: 'day', limits: { high: 1 }, digestAt: null } })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await capColumns(own)).addressCapPeriod).toBeNull();
  });
});
