import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { E2E_BASE_URL, E2E_CREDENTIALS_OFF } from './env';
import { createUser } from './fixtures/database';

// Every redirect the app makes keeps the browser on the host it used. This server has no AUTH_URL and trusts no
// proxy, so its origin comes from each request's Host header; X-Forwarded-* from the client are ignored.
// Next.js alone sent everyone to `localhost`, and next-auth to `0.0.0.0`.

type Variant = { label: string; headers: Record<string, string>; origin: string };

const VARIANTS: Variant[] = [
  { label: 'opened at 127.0.0.1', headers: {}, origin: E2E_BASE_URL },
  { label: 'opened by name', headers: { Host: 'portal.contoso.example' }, origin: 'http://portal.contoso.example' },
  {
    label: 'with forwarded headers no trusted proxy set',
    headers: { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.66' },
    origin: E2E_BASE_URL,
  },
];

// A relative Location stays on whatever host the browser is on; an absolute one must name the expected origin.
function expectLocationOn(response: APIResponse, origin: string, what: string) {
  expect([301, 302, 303, 307, 308], `${what}: status`).toContain(response.status());
  const location = response.headers().location ?? '';
  expect(location, `${what}: Location`).not.toBe('');
  expect(location, `${what}: Location`).not.toMatch(/localhost|0\.0\.0\.0|evil\.example/);
  const resolved = new URL(location, origin);
  expect(resolved.origin, `${what}: ${location}`).toBe(origin);
  // A callbackUrl that next-auth carries along names the same origin (or is a path).
  const callback = resolved.searchParams.get('callbackUrl');
  if (callback) expect(new URL(callback, origin).origin, `${what}: callbackUrl ${callback}`).toBe(origin);
  return resolved;
}

async function csrfToken(request: APIRequestContext, headers: Record<string, string>): Promise<string> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf', { headers })).json()) as { csrfToken: string };
  return csrfToken;
}

for (const variant of VARIANTS) {
  test.describe(variant.label, () => {
    test.use({ storageState: { cookies: [], origins: [] } });

    test('signed out, a page sends the browser to sign in on the same host', async ({ request }) => {
      const response = await request.get('/settings', { headers: variant.headers, maxRedirects: 0 });
      const to = expectLocationOn(response, variant.origin, 'GET /settings');
      expect(to.pathname).toBe('/sign-in');
      expect(to.searchParams.get('callbackUrl')).toBe('/settings');
    });

    test("next-auth's endpoints redirect on the same host", async ({ request }) => {
      expectLocationOn(await request.get('/api/auth/signin', { headers: variant.headers, maxRedirects: 0 }), variant.origin, 'GET /api/auth/signin');

      // A wrong password posted straight to next-auth comes back to our sign-in page with the error.
      const user = await createUser('SECURITY_READER');
      const refused = await request.post('/api/auth/callback/credentials', {
        headers: variant.headers,
        form: { csrfToken: await csrfToken(request, variant.headers), email: user.email, password: 'wrong-password-1', callbackUrl: '/' },
        maxRedirects: 0,
      });
      expect(expectLocationOn(refused, variant.origin, 'POST callback/credentials (wrong)').pathname).toBe('/sign-in');

      const accepted = await request.post('/api/auth/callback/credentials', {
        headers: variant.headers,
        form: { csrfToken: await csrfToken(request, variant.headers), email: user.email, password: user.password, callbackUrl: '/' },
        maxRedirects: 0,
      });
      expect(expectLocationOn(accepted, variant.origin, 'POST callback/credentials (right)').pathname).toBe('/');

      const signedOut = await request.post('/api/auth/signout', {
        headers: variant.headers,
        form: { csrfToken: await csrfToken(request, variant.headers), callbackUrl: '/sign-in' },
        maxRedirects: 0,
      });
      expectLocationOn(signedOut, variant.origin, 'POST /api/auth/signout');
    });

    test('"Sign in with Microsoft" gives the issuer a callback on the same host', async ({ request }) => {
      const response = await request.get('/sign-in/microsoft?callbackUrl=%2Fsettings', { headers: variant.headers, maxRedirects: 0 });
      expect([302, 303, 307]).toContain(response.status());
      const issuer = new URL(response.headers().location ?? '');
      expect(new URL(issuer.searchParams.get('redirect_uri') ?? '').origin).toBe(variant.origin);
    });
  });
}

// The sign-in page of a signed-in user redirects to its callbackUrl: paths that normalise to "//evil.example"
// must not get there (they did before the callback URL was checked after normalisation).
test('a signed-in user sent to sign-in with a crafted callbackUrl stays on the site', async ({ request }) => {
  for (const crafted of ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/./\\evil.example']) {
    const response = await request.get(`/sign-in?callbackUrl=${encodeURIComponent(crafted)}`, { maxRedirects: 0 });
    const resolved = expectLocationOn(response, E2E_BASE_URL, `sign-in?callbackUrl=${crafted}`);
    expect(resolved.pathname, crafted).not.toMatch(/^\/\//);
  }
});

// The other server pins AUTH_URL to http://127.0.0.2:PORT: every redirect names exactly that origin, whatever the
// Host header says (next-auth alone turned any 127.x origin into `localhost`).
test.describe('with AUTH_URL pinned to a loopback address', () => {
  const origin = E2E_CREDENTIALS_OFF.baseUrl;
  test.use({ baseURL: origin, storageState: { cookies: [], origins: [] } });

  const variants: Record<string, string>[] = [{}, { Host: 'portal.contoso.example' }, { 'X-Forwarded-Host': 'evil.example' }];
  for (const headers of variants) {
    test(`redirects name AUTH_URL's origin (${JSON.stringify(headers)})`, async ({ request }) => {
      expectLocationOn(await request.get('/settings', { headers, maxRedirects: 0 }), origin, 'GET /settings');
      expectLocationOn(await request.get('/api/auth/signin', { headers, maxRedirects: 0 }), origin, 'GET /api/auth/signin');
      const signedOut = await request.post('/api/auth/signout', {
        headers,
        form: { csrfToken: await csrfToken(request, headers), callbackUrl: '/sign-in' },
        maxRedirects: 0,
      });
      expectLocationOn(signedOut, origin, 'POST /api/auth/signout');
      const microsoft = await request.get('/sign-in/microsoft', { headers, maxRedirects: 0 });
      const issuer = new URL(microsoft.headers().location ?? '');
      expect(new URL(issuer.searchParams.get('redirect_uri') ?? '').origin).toBe(origin);
    });
  }
});
