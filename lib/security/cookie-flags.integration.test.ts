import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Every cookie the app sets, as the browser receives it: next-auth's (session, CSRF, callback URL, and the
// state, PKCE and nonce of a Microsoft sign-in) and the app's own (the language). Each must be HttpOnly,
// SameSite=Lax or Strict and Path=/; over https Secure with next-auth's __Secure-/__Host- prefix, over plain
// http (local development) neither, or the browser would drop it and sign-in would fail. https is known from
// the request URL, from X-Forwarded-Proto behind a TLS-terminating proxy (trustHost), or from AUTH_URL.

const state = vi.hoisted(() => {
  // Read when lib/auth/auth.ts loads; Microsoft sign-in is configured so its cookies are covered too.
  const env: Record<string, string | undefined> = {
    AUTH_SECRET: `cookie-test-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    AUTH_CREDENTIALS: 'on',
    AUTH_MICROSOFT_ENTRA_ID_ID: 'cookie-test-client',
    AUTH_MICROSOFT_ENTRA_ID_SECRET: 'cookie-test-client-secret',
    AUTH_MICROSOFT_ENTRA_ID_ISSUER: 'https://login.entra.test/contoso/v2.0',
    AUTH_URL: undefined,
    NEXTAUTH_URL: undefined,
  };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  return {
    restoreEnv: () => apply(saved),
    // What next/headers gives the server action or route under test, and the cookies it sets.
    requestHeaders: new Headers(),
    responseHeaders: new Headers(),
    jar: null as unknown as ResponseCookies,
  };
});

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// A server action's cookies() is backed by Next's ResponseCookies; its Set-Cookie lines are what the browser gets.
vi.mock('next/headers', () => ({ headers: async () => state.requestHeaders, cookies: async () => state.jar }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error(`redirect to ${url}`), { digest: `NEXT_REDIRECT;replace;${url};307;`, url });
  },
}));
vi.mock('next-auth', async () => (await import('@/lib/security/testing/next-auth-on-core')).nextAuthOnCore({ session: () => null }));

const { db } = await import('@/lib/db/client');
const { createTenant } = await import('@/lib/test/fixtures');
const { hashPassword } = await import('@/lib/auth/password');
// The app's own route, which hands next-auth's core the request on the public origin.
const handlers = await import('@/app/api/auth/[...nextauth]/route');
const { signInAction } = await import('@/lib/actions/sign-in');
const { setLanguageAction } = await import('@/lib/actions/set-language');
const { signOutAction } = await import('@/lib/actions/sign-out');
const { GET: signInWithMicrosoft } = await import('@/app/(auth)/sign-in/microsoft/route');

const ISSUER = process.env.AUTH_MICROSOFT_ENTRA_ID_ISSUER!;
const AUTHORIZE = 'https://login.entra.test/contoso/oauth2/v2.0/authorize';

afterAll(() => state.restoreEnv());

type Cookie = { name: string; value: string; httpOnly: boolean; secure: boolean; sameSite?: string; path?: string; domain?: string };

// The attributes as a browser reads them from a Set-Cookie line.
function parseSetCookie(line: string): Cookie {
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  const at = pair.indexOf('=');
  const cookie: Cookie = { name: pair.slice(0, at), value: pair.slice(at + 1), httpOnly: false, secure: false };
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split('=');
    const value = rest.join('=');
    const name = key.toLowerCase();
    if (name === 'httponly') cookie.httpOnly = true;
    else if (name === 'secure') cookie.secure = true;
    else if (name === 'samesite') cookie.sameSite = value.toLowerCase();
    else if (name === 'path') cookie.path = value;
    else if (name === 'domain') cookie.domain = value;
  }
  return cookie;
}

const setCookies = (headers: Headers) => headers.getSetCookie().map(parseSetCookie);

function expectProtected(cookies: Cookie[], https: boolean) {
  for (const cookie of cookies) {
    const what = `${cookie.name} over ${https ? 'https' : 'http'}`;
    expect(cookie.httpOnly, `${what}: HttpOnly`).toBe(true);
    expect(cookie.sameSite, `${what}: SameSite`).toMatch(/^(lax|strict)$/);
    expect(cookie.path, `${what}: Path`).toBe('/');
    expect(cookie.domain, `${what}: Domain (host-only)`).toBeUndefined();
    // Over plain http a Secure cookie is dropped (and so is a prefixed one, which needs Secure).
    expect(cookie.secure, `${what}: Secure`).toBe(https);
    if (cookie.name.startsWith('authjs.') || /^__(Secure|Host)-/.test(cookie.name)) {
      expect(cookie.name, `${what}: prefix`).toMatch(https ? /^__(Secure|Host)-authjs\./ : /^authjs\./);
    }
  }
}

// next-auth's cookie names on this transport; the CSRF cookie takes the stricter __Host- prefix.
const authName = (name: string, https: boolean) => `${https ? (name === 'csrf-token' ? '__Host-' : '__Secure-') : ''}authjs.${name}`;
const names = (cookies: Cookie[]) => cookies.map((c) => c.name).sort();
const named = (cookies: Cookie[], name: string) => cookies.find((c) => c.name === name);

type Transport = { name: string; https: boolean; url: string; forwarded?: Record<string, string>; authUrl?: string };
const TRANSPORTS: Transport[] = [
  { name: 'plain http (local development)', https: false, url: 'http://localhost:3000' },
  { name: 'https', https: true, url: 'https://portal.contoso.test' },
  {
    name: 'https ended at a proxy (X-Forwarded-Proto)',
    https: true,
    url: 'http://10.0.0.5:3000',
    forwarded: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'portal.contoso.test' },
  },
  { name: 'https pinned by AUTH_URL', https: true, url: 'http://localhost:3000', authUrl: 'https://portal.contoso.test' },
];

// The headers Next hands a route or server action: it fills in X-Forwarded-* when no proxy did, and gives
// the request URL the forwarded protocol (next/dist/server/base-server.js, next-server.js attachRequestMeta).
function requestHeaders(transport: Transport, extra: Record<string, string> = {}): Headers {
  const { host, protocol } = new URL(transport.url);
  return new Headers({ host, 'x-forwarded-host': host, 'x-forwarded-proto': protocol.slice(0, -1), ...transport.forwarded, ...extra });
}
function request(transport: Transport, pathname: string, init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {}) {
  const headers = requestHeaders(transport, init.headers);
  const url = new URL(pathname, transport.url);
  url.protocol = headers.get('x-forwarded-proto')!.includes('https') ? 'https:' : 'http:';
  if (init.body) headers.set('content-type', 'application/x-www-form-urlencoded');
  return new Request(url, { method: init.method ?? 'GET', headers, body: init.body });
}
const cookieHeader = (cookies: Cookie[]) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

async function newUser() {
  const { tenant } = await createTenant();
  const email = `cookies-${randomUUID()}@contoso.com`;
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  const user = await db().user.create({
    data: { tenantId: tenant.id, email, name: 'U', role: 'SECURITY_READER', language: 'nl', passwordHash: await hashPassword(password) },
  });
  return { id: user.id, email, password };
}

// Runs a server action or route as Next would for this transport; returns the cookies it set.
async function serverSide(transport: Transport, run: () => Promise<unknown>, cookie?: string) {
  state.requestHeaders = requestHeaders(transport, cookie ? { cookie } : {});
  state.responseHeaders = new Headers();
  state.jar = new ResponseCookies(state.responseHeaders);
  const outcome = await run().catch((error: unknown) => error);
  return { outcome, cookies: setCookies(state.responseHeaders) };
}

describe.each(TRANSPORTS)('cookies over $name', (transport) => {
  const https = transport.https;
  beforeEach(() => {
    if (transport.authUrl) process.env.AUTH_URL = transport.authUrl;
  });
  afterEach(() => {
    delete process.env.AUTH_URL;
  });

  it('next-auth endpoints: CSRF, then callback URL and session on a credentials sign-in, session re-issued', async () => {
    const user = await newUser();
    const csrf = await handlers.GET(request(transport, '/api/auth/csrf') as never);
    const csrfCookies = setCookies(csrf.headers);
    expect(names(csrfCookies)).toEqual([authName('callback-url', https), authName('csrf-token', https)].sort());
    expectProtected(csrfCookies, https);

    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const body = new URLSearchParams({ email: user.email, password: user.password, csrfToken, callbackUrl: '/rules' });
    const signIn = await handlers.POST(
      request(transport, '/api/auth/callback/credentials', { method: 'POST', body, headers: { cookie: cookieHeader(csrfCookies) } }) as never,
    );
    expect(signIn.headers.get('location')).toMatch(/\/rules$/);
    const signInCookies = setCookies(signIn.headers);
    expect(names(signInCookies)).toEqual([authName('callback-url', https), authName('session-token', https)].sort());
    expectProtected(signInCookies, https);

    // Every signed-in request (the proxy's auth() too) gets the session cookie back with a later expiry.
    const browser = cookieHeader([...new Map([...csrfCookies, ...signInCookies].map((c) => [c.name, c])).values()]);
    const refresh = await handlers.GET(request(transport, '/api/auth/session', { headers: { cookie: browser } }) as never);
    expect(await refresh.json()).toMatchObject({ userId: user.id });
    const refreshed = setCookies(refresh.headers);
    expect(names(refreshed)).toEqual([authName('session-token', https)]);
    expectProtected(refreshed, https);
  });

  it('sign-in action: the session cookie through next/headers, and the user’s language cookie', async () => {
    const user = await newUser();
    const { outcome, cookies } = await serverSide(transport, () =>
      signInAction({ email: user.email, password: user.password, callbackUrl: '/rules' }),
    );
    expect(outcome).toEqual({ ok: true, data: { redirectTo: '/rules' } });
    expect(names(cookies)).toEqual([authName('callback-url', https), authName('session-token', https), 'NEXT_LOCALE'].sort());
    expect(named(cookies, 'NEXT_LOCALE')?.value).toBe('nl');
    expectProtected(cookies, https);
  });

  it('language picker: the language cookie', async () => {
    const { outcome, cookies } = await serverSide(transport, () => setLanguageAction({ language: 'nl' }));
    expect(outcome).toEqual({ ok: true, data: null });
    expect(names(cookies)).toEqual(['NEXT_LOCALE']);
    expectProtected(cookies, https);
  });

  it('Microsoft sign-in: the state, PKCE and nonce cookies that bind the answer to this browser', async () => {
    const realFetch = globalThis.fetch;
    // Entra's discovery document; nothing else is fetched before the browser is sent to Entra.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url !== `${ISSUER}/.well-known/openid-configuration`) return realFetch(input, init);
      return Response.json({ issuer: ISSUER, authorization_endpoint: AUTHORIZE, token_endpoint: `${ISSUER}/token`, jwks_uri: `${ISSUER}/keys` });
    });
    try {
      const entry = { nextUrl: new URL('/sign-in/microsoft?callbackUrl=%2Frules', transport.url) };
      const { outcome, cookies } = await serverSide(transport, () => signInWithMicrosoft(entry as never));
      expect((outcome as { url?: string }).url).toMatch(new RegExp(`^${AUTHORIZE}\\?`));
      expect(names(cookies)).toEqual(
        ['callback-url', 'nonce', 'pkce.code_verifier', 'state'].map((name) => authName(name, https)).sort(),
      );
      expectProtected(cookies, https);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sign-out: the session cookie is removed with the flags it was set with (a browser ignores it otherwise)', async () => {
    const user = await newUser();
    const signedIn = await serverSide(transport, () => signInAction({ email: user.email, password: user.password }));
    const session = named(signedIn.cookies, authName('session-token', https))!;
    const { outcome, cookies } = await serverSide(transport, () => signOutAction(), cookieHeader([session]));
    expect((outcome as { url?: string }).url).toMatch(/\/sign-in$/);
    expect(names(cookies)).toEqual([authName('callback-url', https), authName('session-token', https)].sort());
    expect(named(cookies, session.name)?.value).toBe('');
    expectProtected(cookies, https);
  });
});

// The tests above cover the places that set cookies today; a new one fails here until it is covered above.
describe('where cookies are set', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const COOKIE_CODE = /\bcookies\(\)|\.cookies\.(set|delete)\(|set-cookie|document\.cookie/i;
  function sources(dir: string): string[] {
    return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return ['generated', 'testing', 'node_modules'].includes(entry.name) ? [] : sources(relative);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
    });
  }

  it('is only the sign-in and language actions (and the locale lookup, which reads)', () => {
    const files = ['app', 'components', 'lib'].flatMap(sources).concat('proxy.ts');
    const hits = files.filter((file) => COOKIE_CODE.test(readFileSync(path.join(root, file), 'utf8'))).sort();
    expect(hits).toEqual(['lib/actions/set-language.ts', 'lib/actions/sign-in.ts', 'lib/i18n/request.ts']);
  });
});
