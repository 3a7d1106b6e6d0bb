import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_BASE_URL, E2E_CREDENTIALS_OFF } from './env';
import { createUser, e2eDb, type SeededUser } from './fixtures/database';
import { callServerAction, serverActionId } from './fixtures/server-action';
import { signInWithMicrosoft } from './fixtures/sign-in';

// AUTH_CREDENTIALS=off, end to end: the second e2e server (playwright.config.ts) runs with password sign-in switched
// off and Microsoft Entra pointed at the loopback issuer. Every refusal below is checked against the main server
// (password sign-in on) with the same request first, so a request that could never work proves nothing.
const OFF = E2E_CREDENTIALS_OFF;
const HOME = '/settings/email-notifications/incidents';

test.use({ baseURL: OFF.baseUrl, storageState: { cookies: [], origins: [] } });

async function sessionCookies(request: APIRequestContext) {
  return (await request.storageState()).cookies.filter((cookie) => cookie.name.includes('session-token'));
}

// The session next-auth sees for this cookie jar (null when signed out).
async function sessionUserId(request: APIRequestContext): Promise<string | null> {
  const session = (await (await request.get('/api/auth/session')).json()) as { userId?: string } | null;
  return session?.userId ?? null;
}

function signInAction(request: APIRequestContext, origin: string, user: SeededUser) {
  const id = serverActionId('lib/actions/sign-in.ts', 'signInAction');
  return callServerAction(request, origin, '/sign-in', id, [{ email: user.email, password: user.password }]);
}

// What a script would do without our form: fetch a CSRF token, then POST the credentials to next-auth itself.
async function postCredentials(request: APIRequestContext, user: SeededUser) {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  expect(csrfToken).toBeTruthy();
  return request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: user.email, password: user.password, callbackUrl: HOME },
    maxRedirects: 0,
  });
}

test('the sign-in page offers only "Sign in with Microsoft", without the email and password form', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('link', { name: 'Sign in with Microsoft' })).toBeVisible();
  await expect(page.getByText('Sign in with your Microsoft work account.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveCount(0);
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
});

test('a valid email and password sent to the sign-in action are refused with a clear message, and no session results', async ({
  playwright,
}) => {
  // Control: the same crafted call signs in where password sign-in is on, each server in its own request context.
  const on = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const onUser = await createUser('GLOBAL_ADMINISTRATOR');
  expect(await signInAction(on, E2E_BASE_URL, onUser)).toMatchObject({ ok: true, data: { redirectTo: '/' } });
  expect(await sessionCookies(on)).toHaveLength(1);
  expect(await sessionUserId(on)).toBe(onUser.id);

  const off = await playwright.request.newContext({ baseURL: OFF.baseUrl });
  const user = await createUser('GLOBAL_ADMINISTRATOR', { dataDir: OFF.dataDir });
  expect(await signInAction(off, OFF.baseUrl, user)).toMatchObject({ ok: false, error: 'credentialsDisabled' });
  expect(await sessionCookies(off)).toEqual([]);
  expect(await sessionUserId(off)).toBeNull();
  const portal = await off.get(HOME, { maxRedirects: 0 });
  expect(portal.status()).toBe(307);
  expect(portal.headers().location).toContain('/sign-in');
  await Promise.all([on.dispose(), off.dispose()]);
});

test('a valid email and password posted straight to next-auth with a valid CSRF token are refused, and no session results', async ({
  playwright,
}) => {
  // Control: the same POST signs in where password sign-in is on.
  const on = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const onUser = await createUser('GLOBAL_ADMINISTRATOR');
  const accepted = await postCredentials(on, onUser);
  expect(accepted.status()).toBe(302);
  expect(accepted.headers().location).toBe(`${E2E_BASE_URL}${HOME}`);
  expect(await sessionUserId(on)).toBe(onUser.id);

  const off = await playwright.request.newContext({ baseURL: OFF.baseUrl });
  const user = await createUser('GLOBAL_ADMINISTRATOR', { dataDir: OFF.dataDir });
  const refused = await postCredentials(off, user);
  expect(refused.status()).toBe(302);
  expect(refused.headers().location).toMatch(new RegExp(`^${OFF.baseUrl}/sign-in\\?error=`));
  expect(refused.headers()['set-cookie'] ?? '').not.toContain('session-token');
  expect(await sessionCookies(off)).toEqual([]);
  expect(await sessionUserId(off)).toBeNull();
  await Promise.all([on.dispose(), off.dispose()]);
});

test('Sign in with Microsoft still works: the first sign-in creates the user with the mapped role', async ({ page }) => {
  const oid = randomUUID();
  const email = `entra-${oid.slice(0, 8)}@fabrikam.com`;
  const claims = { tid: OFF.microsoftTenantId, oid, email, name: 'Entra Only', roles: ['Security Administrator'] };
  await signInWithMicrosoft(page, claims);
  await expect(page).toHaveURL(`${OFF.baseUrl}${HOME}`);
  await expect(page.getByRole('button', { name: 'Add incident notification rule' })).toBeVisible();

  const user = await e2eDb(OFF.dataDir).user.findUniqueOrThrow({ where: { email: claims.email }, include: { tenant: true } });
  expect(user).toMatchObject({ entraObjectId: oid, role: 'SECURITY_ADMINISTRATOR', passwordHash: null });
  expect(user.tenant.microsoftTenantId).toBe(OFF.microsoftTenantId);
});
