import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { checkCredentials } from '@/lib/auth/credentials';
import { db, type Db } from '@/lib/db/client';
import { STARTER_DEVICE_GROUPS } from '@/lib/tenants/seed';
import { createTenant, listTenants, TenantInputError, updateTenant } from '@/lib/tenants/tenant-admin';

// Tenant administration against the real database: what each command leaves behind, and what it refuses.

const unique = () => randomUUID().slice(0, 8);
const email = (who: string) => `${who}-${randomUUID()}@fabrikam.com`;
const counts = async () => ({
  tenants: await db().tenant.count(),
  users: await db().user.count(),
  groups: await db().deviceGroup.count(),
  audit: await db().auditEntry.count(),
});

async function refused(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TenantInputError);
  return (error as TenantInputError).fields;
}

describe('createTenant', () => {
  it('creates two isolated tenants, each with the starter device groups and a Global Administrator who can sign in', async () => {
    const tid = randomUUID().toUpperCase();
    const fabrikam = await createTenant(db(), {
      name: `  Fabrikam ${unique()} `,
      adminEmail: email('SOC').toUpperCase(),
      microsoftTenantId: tid,
      defaultLanguage: 'nl',
      permissionsModel: 'RBAC',
    });
    const northwind = await createTenant(db(), { name: `Northwind ${unique()}`, adminEmail: email('admin'), adminName: 'Nora' });

    expect(fabrikam.tenant).toMatchObject({ microsoftTenantId: tid.toLowerCase(), defaultLanguage: 'nl', permissionsModel: 'RBAC' });
    expect(fabrikam.tenant.name).toMatch(/^Fabrikam \w{8}$/);
    expect(northwind.tenant).toMatchObject({ microsoftTenantId: null, defaultLanguage: 'en', permissionsModel: 'BASIC' });

    for (const { tenant, admin } of [fabrikam, northwind]) {
      const users = await db().user.findMany({ where: { tenantId: tenant.id } });
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ id: admin.id, email: admin.email.toLowerCase(), role: 'GLOBAL_ADMINISTRATOR', language: tenant.defaultLanguage });
      expect(await verifyPassword(admin.password, users[0].passwordHash!)).toBe(true);
      expect(await checkCredentials(admin.email, admin.password, null)).toEqual({ status: 'ok', userId: admin.id });
      const groups = await db().deviceGroup.findMany({ where: { tenantId: tenant.id }, orderBy: { name: 'asc' } });
      expect(groups.map((g) => [g.name, g.rbacGroupId])).toEqual(
        [...STARTER_DEVICE_GROUPS].sort((a, b) => a.name.localeCompare(b.name)).map((g) => [g.name, g.rbacGroupId]),
      );
    }
    expect(fabrikam.admin.email).toBe(fabrikam.admin.email.toLowerCase());
    expect((await db().user.findFirstOrThrow({ where: { id: northwind.admin.id } })).name).toBe('Nora');
    expect(fabrikam.admin.password).not.toBe(northwind.admin.password);

    const listed = await listTenants(db());
    expect(listed.find((t) => t.id === fabrikam.tenant.id)).toEqual({ ...fabrikam.tenant, userCount: 1 });
    expect(listed.find((t) => t.id === northwind.tenant.id)).toEqual({ ...northwind.tenant, userCount: 1 });

    // The trail of each tenant holds its own creation, written by the command line, and no password hash.
    const trail = await db().auditEntry.findMany({ where: { tenantId: fabrikam.tenant.id }, orderBy: { action: 'asc' } });
    expect(trail.map((e) => [e.action, e.actorEmail, e.actorId, e.targetId])).toEqual([
      ['tenant.created', 'cli', null, fabrikam.tenant.id],
      ['user.created', 'cli', null, fabrikam.admin.id],
    ]);
    expect(trail[0].after).toEqual({ name: fabrikam.tenant.name, microsoftTenantId: tid.toLowerCase(), defaultLanguage: 'nl', permissionsModel: 'RBAC' });
    expect(JSON.stringify(trail)).not.toMatch(/scrypt|password/i);
  });

  it('refuses an email that any tenant already uses, or a taken Microsoft tenant id, writing nothing', async () => {
    const first = await createTenant(db(), { name: `First ${unique()}`, adminEmail: email('shared'), microsoftTenantId: randomUUID() });
    const before = await counts();
    expect(await refused(createTenant(db(), { name: 'Second', adminEmail: ` ${first.admin.email.toUpperCase()} ` }))).toEqual({
      adminEmail: expect.stringContaining('unique across tenants'),
    });
    expect(await refused(createTenant(db(), { name: 'Third', adminEmail: email('x'), microsoftTenantId: first.tenant.microsoftTenantId!.toUpperCase() }))).toEqual({
      microsoftTenantId: expect.stringContaining(first.tenant.name),
    });
    expect(await counts()).toEqual(before);

    // The address taken between the check and the insert (a concurrent command): the unique index refuses
    // it, and the tenant and device groups already inserted go with the rolled-back transaction.
    const racing = db().$extends({ query: { user: { findUnique: async () => null } } }) as unknown as Db;
    expect(await refused(createTenant(racing, { name: 'Racer', adminEmail: first.admin.email }))).toEqual({
      adminEmail: expect.stringContaining('unique across tenants'),
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses invalid input field by field, before writing anything', async () => {
    const before = await counts();
    expect(await refused(createTenant(db(), {
      name: ' ',
      adminEmail: 'not-an-email',
      microsoftTenantId: 'contoso.onmicrosoft.com',
      defaultLanguage: 'de' as 'en',
      permissionsModel: 'ADMIN' as 'RBAC',
    }))).toEqual({
      name: 'must not be empty',
      adminEmail: 'must be an email address',
      microsoftTenantId: expect.stringContaining('must be a GUID'),
      defaultLanguage: 'must be one of en, nl',
      permissionsModel: 'must be one of BASIC, RBAC',
    });
    expect(await refused(createTenant(db(), { name: 'x'.repeat(101), adminEmail: email('long') }))).toEqual({ name: 'must be at most 100 characters' });
    expect(await counts()).toEqual(before);
  });
});

describe('updateTenant', () => {
  it('changes only the given fields, audits exactly what changed, and clears the Microsoft tenant id with ""', async () => {
    const { tenant } = await createTenant(db(), { name: `Before ${unique()}`, adminEmail: email('u'), microsoftTenantId: randomUUID() });
    const renamed = await updateTenant(db(), tenant.id, { name: ' Contoso Europe ', permissionsModel: 'RBAC' });
    expect(renamed).toEqual({ ...tenant, name: 'Contoso Europe', permissionsModel: 'RBAC' });
    const cleared = await updateTenant(db(), tenant.id, { microsoftTenantId: '', defaultLanguage: 'nl' });
    expect(cleared).toMatchObject({ microsoftTenantId: null, defaultLanguage: 'nl' });
    // The same values again change nothing, and add nothing to the trail.
    await updateTenant(db(), tenant.id, { defaultLanguage: 'nl' });

    const updates = await db().auditEntry.findMany({ where: { tenantId: tenant.id, action: 'tenant.updated' }, orderBy: { createdAt: 'asc' } });
    expect(updates.map((e) => [e.actorEmail, e.before, e.after])).toEqual([
      ['cli', { name: tenant.name, permissionsModel: 'BASIC' }, { name: 'Contoso Europe', permissionsModel: 'RBAC' }],
      ['cli', { microsoftTenantId: tenant.microsoftTenantId, defaultLanguage: 'en' }, { microsoftTenantId: null, defaultLanguage: 'nl' }],
    ]);
    expect(await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({ name: 'Contoso Europe', microsoftTenantId: null });
  });

  it('refuses bad values, an unknown or malformed id, an empty change and another tenant’s Microsoft tenant id, changing nothing', async () => {
    const { tenant } = await createTenant(db(), { name: `Stable ${unique()}`, adminEmail: email('s') });
    const other = await createTenant(db(), { name: `Other ${unique()}`, adminEmail: email('o'), microsoftTenantId: randomUUID() });
    const before = { row: await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } }), ...(await counts()) };

    expect(await refused(updateTenant(db(), tenant.id, { name: '', defaultLanguage: 'fr' as 'en' }))).toEqual({
      name: 'must not be empty',
      defaultLanguage: 'must be one of en, nl',
    });
    expect(await refused(updateTenant(db(), tenant.id, { microsoftTenantId: '1234' }))).toEqual({ microsoftTenantId: expect.stringContaining('GUID') });
    expect(await refused(updateTenant(db(), tenant.id, { microsoftTenantId: other.tenant.microsoftTenantId! }))).toEqual({
      microsoftTenantId: expect.stringContaining(other.tenant.name),
    });
    expect(await refused(updateTenant(db(), tenant.id, {}))).toEqual({ input: 'nothing to change' });
    expect(await refused(updateTenant(db(), 'fabrikam', { name: 'x' }))).toEqual({ id: expect.stringContaining('UUID') });
    expect(await refused(updateTenant(db(), randomUUID(), { name: 'x' }))).toEqual({ id: expect.stringContaining('is not a tenant') });

    expect({ row: await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } }), ...(await counts()) }).toEqual(before);
    // A tenant may keep its own Microsoft tenant id.
    await expect(updateTenant(db(), other.tenant.id, { microsoftTenantId: other.tenant.microsoftTenantId!, name: 'Other renamed' })).resolves.toMatchObject({ name: 'Other renamed' });
  });
});
