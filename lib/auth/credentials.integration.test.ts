import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { reserveAttempt } from '@/lib/auth/throttle';
import { db } from '@/lib/db/client';
import { createTenant } from '@/lib/test/fixtures';

async function userWithPassword(password: string) {
  const { tenant } = await createTenant();
  const email = `user-${randomUUID()}@contoso.com`;
  await db().user.create({ data: { tenantId: tenant.id, email, name: 'U', role: 'SECURITY_READER', passwordHash: await hashPassword(password) } });
  return email;
}

describe('checkCredentials', () => {
  it('accepts the right password whatever the email case, and fails the same way for a wrong password or unknown account', async () => {
    const email = await userWithPassword('a-long-password-1');
    expect(await checkCredentials(email.toUpperCase(), 'a-long-password-1', null)).toMatchObject({ status: 'ok' });
    expect(await checkCredentials(email, 'wrong', null)).toEqual({ status: 'failed' });
    expect(await checkCredentials(`nobody-${randomUUID()}@contoso.com`, 'wrong', null)).toEqual({ status: 'failed' });
  });

  it('slows an account down after repeated failures, even for the right password, whatever the address', async () => {
    const email = await userWithPassword('a-long-password-2');
    for (let attempt = 0; attempt < 6; attempt++) {
      await checkCredentials(email, 'wrong', `10.0.0.${attempt}`);
    }
    const outcome = await checkCredentials(email, 'a-long-password-2', '10.0.1.1');
    expect(outcome.status).toBe('throttled');
    if (outcome.status === 'throttled') expect(outcome.retryAfterMs).toBeGreaterThan(0);
  });

  it('slows down one address that tries many accounts', async () => {
    const address = `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
    for (let attempt = 0; attempt < 21; attempt++) {
      await checkCredentials(`spray-${attempt}-${randomUUID()}@contoso.com`, 'guess', address);
    }
    const email = await userWithPassword('a-long-password-3');
    expect((await checkCredentials(email, 'a-long-password-3', address)).status).toBe('throttled');
    expect((await checkCredentials(email, 'a-long-password-3', '198.51.100.7')).status).toBe('ok');
  });

  // Before: every guess read the counter before any failure was written, so a burst all passed the check.
  it('lets only the free attempts of a parallel burst reach the password check', async () => {
    const email = await userWithPassword('the-real-password-1');
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => checkCredentials(email, `guess-${i}`, null)));
    const checked = outcomes.filter((outcome) => outcome.status === 'failed').length;
    expect(checked).toBe(5);
    expect(outcomes.filter((outcome) => outcome.status === 'throttled')).toHaveLength(35);
    // The burst used the account's allowance: five failures counted, so the next attempt, even with the right
    // password, must wait (asked at the instant of the last failure: a slow machine may already be past its delay).
    const row = await db().signInThrottle.findUniqueOrThrow({ where: { key: `account:${email.toLowerCase()}` } });
    expect(row.failures).toBe(5);
    expect(await reserveAttempt(db(), [{ kind: 'account', value: email }], row.lastFailure)).toMatchObject({ allowed: false });
  });

  it('does not let a success on a shared address use up its allowance', async () => {
    const address = `192.0.2.${Math.floor(Math.random() * 200)}`;
    const emails = await Promise.all(Array.from({ length: 3 }, () => userWithPassword('colleague-password-1')));
    for (let round = 0; round < 10; round++) {
      for (const email of emails) expect((await checkCredentials(email, 'colleague-password-1', address)).status).toBe('ok');
    }
  });
});
