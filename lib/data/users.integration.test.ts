import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { endOwnSessions, languageOfAccount, setOwnLanguage } from '@/lib/data/users';
import { basicContext, createTenant } from '@/lib/test/fixtures';

// The caller's own account, as the language picker, sign-in and sign-out change or read it, against the real
// PostgreSQL: each touches the caller's row only.

const userRow = (id: string) =>
  db().user.findUniqueOrThrow({ where: { id }, select: { language: true, sessionsValidAfter: true } });

describe('setOwnLanguage', () => {
  it('changes the caller’s language and nobody else’s', async () => {
    const world = await createTenant();
    const me = world.users.SECURITY_READER;
    const colleague = world.users.SECURITY_OPERATOR;
    await setOwnLanguage(basicContext(world.tenant.id, me), 'nl');
    expect((await userRow(me.id)).language).toBe('nl');
    expect((await userRow(colleague.id)).language).toBe('en');
  });

  it('cannot reach a user of another tenant, even with that user’s id', async () => {
    const own = await createTenant();
    const other = await createTenant();
    const victim = other.users.SECURITY_READER;
    await expect(setOwnLanguage(basicContext(own.tenant.id, victim), 'nl')).rejects.toThrow();
    expect((await userRow(victim.id)).language).toBe('en');
  });
});

describe('endOwnSessions', () => {
  it('voids the caller’s sessions issued until now, and no one else’s', async () => {
    const world = await createTenant();
    const me = world.users.SECURITY_READER;
    const colleague = world.users.SECURITY_OPERATOR;
    const before = await userRow(colleague.id);
    const startedAt = Date.now();
    await endOwnSessions(basicContext(world.tenant.id, me));
    expect((await userRow(me.id)).sessionsValidAfter.getTime()).toBeGreaterThanOrEqual(startedAt);
    expect((await userRow(colleague.id)).sessionsValidAfter).toEqual(before.sessionsValidAfter);
  });
});

describe('languageOfAccount', () => {
  it('is the language of the account with that email, or null when there is none', async () => {
    const world = await createTenant();
    const me = world.users.SECURITY_READER;
    await db().user.update({ where: { id: me.id }, data: { language: 'nl' } });
    expect(await languageOfAccount(me.email)).toBe('nl');
    expect(await languageOfAccount(`nobody-${randomUUID()}@example.com`)).toBeNull();
  });
});
