import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { verifyPassword } from '@/lib/auth/password';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { setSession, signInAs, type TestSession } from '@/lib/test/session';
import { PASSWORD_MIN_LENGTH as MIN_PASSWORD_LENGTH } from '@/lib/validation/user';
import type { Role } from '@/lib/generated/prisma/enums';

// Only the two things that need a live HTTP request are replaced: reading the session cookie and
// revalidating Next's cache. Users, permissions, sessionsValidAfter and every row come from the real PostgreSQL.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createUserAction } = await import('@/lib/actions/create-user');
const { changeUserRoleAction } = await import('@/lib/actions/change-user-role');
const { resetUserPasswordAction } = await import('@/lib/actions/reset-user-password');
const { removeUserAction } = await import('@/lib/actions/remove-user');
const { createDeviceGroupAction } = await import('@/lib/actions/create-device-group');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

// A session as the cookie would carry it, issued now.
const sessionOf = (user: { id: string }): TestSession => ({ userId: user.id, signedInAt: Date.now() });
// sessionsValidAfter and signedInAt are compared in milliseconds: let the clock move on.
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const email = () => `user-${randomUUID()}@contoso.com`;
const PASSWORD = 'correct horse battery';

async function addUser(world: World, role: Role, overrides: Partial<{ email: string; name: string }> = {}) {
  signInAs(world.users.GLOBAL_ADMINISTRATOR);
  const input = { name: `User ${randomUUID().slice(0, 6)}`, email: email(), role, language: 'nl' as const, password: PASSWORD, ...overrides };
  const result = await createUserAction(input);
  if (!result.ok) throw new Error(`adding a user failed: ${result.error}`);
  return { id: result.data.id, ...input };
}

// Any action the user's role allows tells whether their session still counts: a void one is unauthenticated.
async function sessionStillWorks(current: TestSession): Promise<boolean> {
  setSession(current);
  const result = await createDeviceGroupAction({ name: `Probe ${randomUUID().slice(0, 8)}`, rbacGroupId: '' });
  if (!result.ok && result.error !== 'unauthenticated') throw new Error(`unexpected probe result: ${result.error}`);
  return result.ok;
}

const auditOf = (world: World, targetId: string) =>
  db().auditEntry.findMany({ where: { tenantId: world.tenant.id, targetType: 'user', targetId }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

beforeEach(() => signInAs(null));

describe('createUserAction', () => {
  it('adds a user with a hashed password to the caller’s tenant, and audits it without the hash', async () => {
    const added = await addUser(own, 'SECURITY_READER', { email: `  Mixed.Case-${randomUUID()}@Contoso.COM ` });
    const stored = await db().user.findUniqueOrThrow({ where: { id: added.id } });
    expect(stored).toMatchObject({ tenantId: own.tenant.id, email: added.email.trim().toLowerCase(), role: 'SECURITY_READER', language: 'nl' });
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored.passwordHash!)).toBe(true);

    const [entry] = await auditOf(own, added.id);
    expect(entry).toMatchObject({ action: 'user.created', actorId: own.users.GLOBAL_ADMINISTRATOR.id, before: null });
    expect(entry.after).toEqual({ name: added.name, email: stored.email, role: 'SECURITY_READER', language: 'nl' });
    expect(JSON.stringify(entry)).not.toContain(stored.passwordHash!);
  });

  it('refuses an email address that any organization already uses, with a clear error on the field', async () => {
    const existing = other.users.SECURITY_READER.email;
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const result = await createUserAction({ name: 'Copy', email: existing.toUpperCase(), role: 'SECURITY_READER', language: 'en', password: PASSWORD });
    expect(result).toEqual({ ok: false, error: 'userEmailTaken', fieldErrors: { email: 'userEmailTaken' } });
    expect(await db().user.count({ where: { email: existing } })).toBe(1);
  });

  it('requires at least MIN_PASSWORD_LENGTH characters, in the browser’s schema and on the server alike', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const input = { name: 'Short', email: email(), role: 'SECURITY_READER' as const, language: 'en' as const };
    expect(await createUserAction({ ...input, password: 'x'.repeat(MIN_PASSWORD_LENGTH - 1) })).toMatchObject({
      ok: false,
      fieldErrors: { password: 'passwordTooShort' },
    });
    expect(await createUserAction({ ...input, password: 'x'.repeat(MIN_PASSWORD_LENGTH) })).toMatchObject({ ok: true });
  });

  it('is refused to a Security Administrator', async () => {
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const result = await createUserAction({ name: 'Nope', email: email(), role: 'GLOBAL_ADMINISTRATOR', language: 'en', password: PASSWORD });
    expect(result).toEqual({ ok: false, error: 'forbidden' });
  });
});

describe('changeUserRoleAction', () => {
  it('changes the role, voids the user’s sessions and audits the change', async () => {
    const target = await addUser(own, 'SECURITY_ADMINISTRATOR');
    const before = sessionOf(target);
    expect(await sessionStillWorks(before)).toBe(true);
    await tick();

    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await changeUserRoleAction({ id: target.id, role: 'SECURITY_READER' })).toEqual({ ok: true, data: null });

    expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe('SECURITY_READER');
    // The session issued before the change no longer counts, even for what the old role allowed.
    expect(await sessionStillWorks(before)).toBe(false);
    const entries = await auditOf(own, target.id);
    expect(entries.at(-1)).toMatchObject({ action: 'user.roleChanged', before: { role: 'SECURITY_ADMINISTRATOR' }, after: { role: 'SECURITY_READER' } });
  });

  it('refuses the caller’s own role, so nobody demotes themselves', async () => {
    const admin = await addUser(own, 'GLOBAL_ADMINISTRATOR');
    signInAs(admin);
    expect(await changeUserRoleAction({ id: admin.id, role: 'SECURITY_READER' })).toEqual({ ok: false, error: 'cannotChangeOwnRole' });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe('GLOBAL_ADMINISTRATOR');
  });

  it('never leaves the tenant without a Global Administrator', async () => {
    const tenant = await db().tenant.create({ data: { name: `Solo ${randomUUID().slice(0, 6)}` } });
    const only = await db().user.create({ data: { tenantId: tenant.id, email: email(), name: 'Only admin', role: 'GLOBAL_ADMINISTRATOR' } });
    const second = await db().user.create({ data: { tenantId: tenant.id, email: email(), name: 'Second', role: 'GLOBAL_ADMINISTRATOR' } });

    // With two, one may demote the other...
    signInAs(only);
    expect(await changeUserRoleAction({ id: second.id, role: 'SECURITY_OPERATOR' })).toMatchObject({ ok: true });
    // ...after which the last one can be neither demoted nor removed, whoever asks (here a stale admin session
    // would be void anyway; the guard itself is what is tested, through the data layer's own check).
    const { changeUserRole, removeUser } = await import('@/lib/data/users');
    const secondCtx = basicContext(tenant.id, second);
    await expect(changeUserRole(secondCtx, only.id, 'SECURITY_READER')).rejects.toMatchObject({ key: 'lastGlobalAdministrator' });
    await expect(removeUser(secondCtx, only.id)).rejects.toMatchObject({ key: 'lastGlobalAdministrator' });
    expect((await db().user.findUniqueOrThrow({ where: { id: only.id } })).role).toBe('GLOBAL_ADMINISTRATOR');
  });

  it('answers notFound for another tenant’s user and changes nothing there', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const victim = other.users.SECURITY_READER.id;
    expect(await changeUserRoleAction({ id: victim, role: 'GLOBAL_ADMINISTRATOR' })).toEqual({ ok: false, error: 'notFound' });
    expect((await db().user.findUniqueOrThrow({ where: { id: victim } })).role).toBe('SECURITY_READER');
  });
});

describe('resetUserPasswordAction', () => {
  it('sets the new password, voids the user’s sessions and audits without any hash', async () => {
    const target = await addUser(own, 'SECURITY_ADMINISTRATOR');
    const before = sessionOf(target);
    await tick();
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await resetUserPasswordAction({ id: target.id, password: 'a brand new password' })).toEqual({ ok: true, data: null });

    const stored = await db().user.findUniqueOrThrow({ where: { id: target.id } });
    expect(await verifyPassword('a brand new password', stored.passwordHash!)).toBe(true);
    expect(await verifyPassword(PASSWORD, stored.passwordHash!)).toBe(false);
    expect(await sessionStillWorks(before)).toBe(false);
    const entry = (await auditOf(own, target.id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'user.passwordReset', before: null, after: null });
  });

  it('refuses the caller’s own password (that takes the current one) and another tenant’s user', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await resetUserPasswordAction({ id: own.users.GLOBAL_ADMINISTRATOR.id, password: 'a brand new password' })).toEqual({
      ok: false,
      error: 'cannotResetOwnPassword',
    });
    expect(await resetUserPasswordAction({ id: other.users.SECURITY_READER.id, password: 'a brand new password' })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: other.users.SECURITY_READER.id } })).passwordHash).toBeNull();
  });
});

describe('removeUserAction', () => {
  it('removes the user, whose session is refused from then on, and audits it', async () => {
    const target = await addUser(own, 'SECURITY_ADMINISTRATOR');
    const before = sessionOf(target);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await removeUserAction({ id: target.id })).toEqual({ ok: true, data: null });

    expect(await db().user.count({ where: { id: target.id } })).toBe(0);
    expect(await sessionStillWorks(before)).toBe(false);
    const entry = (await auditOf(own, target.id)).at(-1)!;
    expect(entry).toMatchObject({ action: 'user.removed', after: null });
    expect(entry.before).toEqual({ name: target.name, email: target.email, role: 'SECURITY_ADMINISTRATOR', language: 'nl' });
  });

  it('refuses removing oneself', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await removeUserAction({ id: own.users.GLOBAL_ADMINISTRATOR.id })).toEqual({ ok: false, error: 'cannotRemoveSelf' });
    expect(await db().user.count({ where: { id: own.users.GLOBAL_ADMINISTRATOR.id } })).toBe(1);
  });

  it('answers notFound for another tenant’s user and removes nothing', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await removeUserAction({ id: other.users.SECURITY_OPERATOR.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await db().user.count({ where: { id: other.users.SECURITY_OPERATOR.id } })).toBe(1);
  });
});
