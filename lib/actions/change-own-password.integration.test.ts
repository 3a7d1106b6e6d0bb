import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { checkCredentials } from '@/lib/auth/credentials';
import { createTenant } from '@/lib/test/fixtures';
import { setSession, signInAs } from '@/lib/test/session';

// The session cookie and next-auth's signIn are replaced (they need a live request); the throttle, the
// password hashes and sessionsValidAfter are the real ones in PostgreSQL.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { changeOwnPasswordAction } = await import('@/lib/actions/change-own-password');
const { signIn } = await import('@/lib/auth/auth');

const OLD = 'the old password 1';
const NEW = 'the new password 2';
let tenantId: string;

async function userWithPassword() {
  const user = await db().user.create({
    data: { tenantId, email: `self-${randomUUID()}@contoso.com`, name: 'Self', role: 'SECURITY_READER', passwordHash: await hashPassword(OLD) },
  });
  return user;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
const change = (currentPassword: string, newPassword = NEW) =>
  changeOwnPasswordAction({ currentPassword, newPassword, confirmPassword: newPassword });

beforeAll(async () => {
  tenantId = (await createTenant()).tenant.id;
});

beforeEach(() => {
  setSession(null);
  vi.mocked(signIn).mockClear();
});

describe('changeOwnPasswordAction', () => {
  it('changes the password, voids every older session and signs this browser in again with the new one', async () => {
    const user = await userWithPassword();
    const otherBrowser = { userId: user.id, signedInAt: Date.now() };
    await tick();
    const thisBrowser = signInAs(user)!;

    // Success ends in a redirect back to the page (Next's redirect() throws a navigation signal).
    await expect(change(OLD)).rejects.toMatchObject({ digest: expect.stringContaining('/account/password?changed=1') });

    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(NEW, stored.passwordHash!)).toBe(true);
    // Both sessions predate the change: both are void now, the one in this browser included...
    expect(stored.sessionsValidAfter.getTime()).toBeGreaterThan(otherBrowser.signedInAt);
    expect(stored.sessionsValidAfter.getTime()).toBeGreaterThan(thisBrowser.signedInAt);
    setSession(otherBrowser);
    expect(await change(NEW, 'yet another password')).toEqual({ ok: false, error: 'unauthenticated' });
    // ...and this browser got a fresh session through next-auth's credentials sign-in with the new password.
    expect(signIn).toHaveBeenCalledExactlyOnceWith('credentials', { email: user.email, password: NEW, redirect: false });
    expect(await db().auditEntry.count({ where: { tenantId, targetId: user.id, action: 'user.passwordChanged' } })).toBe(1);
  });

  it('refuses a wrong current password with a clear error, and throttles repeated attempts like sign-in', async () => {
    const user = await userWithPassword();
    signInAs(user);

    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await change(`guess ${attempt}`)).toEqual({
        ok: false,
        error: 'wrongCurrentPassword',
        fieldErrors: { currentPassword: 'wrongCurrentPassword' },
      });
    }
    // The failures count on the account's sign-in throttle: now even the right password must wait, here and
    // on the sign-in page.
    expect(await change(OLD)).toEqual({ ok: false, error: 'passwordAttemptsThrottled' });
    expect(await checkCredentials(user.email, OLD, null)).toMatchObject({ status: 'throttled' });

    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(OLD, stored.passwordHash!)).toBe(true);
    expect(signIn).not.toHaveBeenCalled();
  });

  it('refuses a new password that is too short or not confirmed, before checking anything', async () => {
    const user = await userWithPassword();
    signInAs(user);
    expect(await change(OLD, 'short')).toMatchObject({ ok: false, fieldErrors: { newPassword: 'passwordTooShort' } });
    expect(await changeOwnPasswordAction({ currentPassword: OLD, newPassword: NEW, confirmPassword: `${NEW}x` })).toMatchObject({
      ok: false,
      fieldErrors: { confirmPassword: 'passwordsDoNotMatch' },
    });
    expect(await db().signInThrottle.count({ where: { key: `account:${user.email}` } })).toBe(0);
  });
});
