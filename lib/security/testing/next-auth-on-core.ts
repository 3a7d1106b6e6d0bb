import { cookies, headers as nextHeaders } from 'next/headers';

// Stands in for `next-auth` in vi.mock: its Next.js glue cannot load outside Next (it imports `next/server`
// without an extension), so this makes the calls that glue makes into next-auth's core, @auth/core, with the
// app's configuration; logger, callbacks and cookie options run for real. Mirrors next-auth 5.0.0-beta.32:
// the route handlers (lib/index.js, lib/env.js reqWithEnvURL) and the server-side signIn and signOut
// (lib/actions.js), which take the origin from the request's headers and set cookies through next/headers.
// `next/headers` and `next/navigation` are whatever the test mocks them as. Tests only.
//
//   vi.mock('next-auth', async () =>
//     (await import('@/lib/security/testing/next-auth-on-core')).nextAuthOnCore({ session: () => state.session }));

type Core = typeof import('@auth/core');
type AuthConfig = Parameters<Core['Auth']>[1];
type AuthAction = Parameters<Core['createActionURL']>[0];
type CookieSet = { name: string; value: string; options?: Record<string, unknown> };
type RawResponse = { cookies?: CookieSet[]; redirect?: string } | Response;

export async function nextAuthOnCore(options: { session: () => unknown }) {
  const core = await import('@auth/core');
  const errors = await import('@auth/core/errors');

  // next-auth's reqWithEnvURL: with AUTH_URL set, the request is taken to have come to that origin.
  const withEnvUrl = async (request: Request) => {
    const pinned = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
    if (!pinned) return request;
    const url = new URL(request.url);
    const rewritten = new URL(`${url.pathname}${url.search}`, new URL(pinned).origin);
    const body = request.method === 'POST' ? await request.text() : undefined;
    return new Request(rewritten, { method: request.method, headers: request.headers, body });
  };

  // next-auth's server-side calls: a request to its own endpoint, at the origin the headers name, without the
  // CSRF check; the cookies in the answer are set through next/headers, with the options the core chose.
  const serverSide = async (action: AuthAction, path: string, body: URLSearchParams, config: AuthConfig) => {
    const headers = new Headers(await nextHeaders());
    headers.set('content-type', 'application/x-www-form-urlencoded');
    const base = core.createActionURL(action, headers.get('x-forwarded-proto')!, headers, process.env, config);
    const request = new Request(`${base}${path}`, { method: 'POST', headers, body });
    const response = (await core.Auth(request, { ...config, raw: core.raw, skipCSRFCheck: core.skipCSRFCheck })) as RawResponse;
    const jar = await cookies();
    for (const c of ('cookies' in response && response.cookies) || []) jar.set(c.name, c.value, c.options);
    return { headers, response };
  };
  const redirectTo = async (url: string) => {
    const { redirect } = await import('next/navigation');
    return redirect(url);
  };
  const location = (response: RawResponse) => (response instanceof Response ? response.headers.get('location') : response.redirect);

  return {
    AuthError: errors.AuthError,
    CredentialsSignin: errors.CredentialsSignin,
    default: (config: AuthConfig) => {
      config.basePath = '/api/auth';
      core.setEnvDefaults(process.env, config, true);
      const handle = async (request: Request) => core.Auth(await withEnvUrl(request), config);

      const signIn = async (provider: string, options: Record<string, unknown> = {}) => {
        const { redirect: shouldRedirect = true, redirectTo: target, ...fields } = options;
        const referer = (await nextHeaders()).get('referer');
        const callbackUrl = String(target ?? referer ?? '/');
        const type = config.providers.map((p) => (typeof p === 'function' ? p() : p)).find((p) => (p.options?.id ?? p.id) === provider)?.type;
        const action: AuthAction = type === 'credentials' ? 'callback' : 'signin';
        const body = new URLSearchParams({ ...(fields as Record<string, string>), callbackUrl });
        const { response } = await serverSide(action, `/${provider}`, body, config);
        const url = location(response) ?? '';
        return shouldRedirect ? redirectTo(url) : url;
      };
      const signOut = async (options: { redirectTo?: string; redirect?: boolean } = {}) => {
        const referer = (await nextHeaders()).get('referer');
        const body = new URLSearchParams({ callbackUrl: options.redirectTo ?? referer ?? '/' });
        const { response } = await serverSide('signout', '', body, config);
        return (options.redirect ?? true) ? redirectTo(location(response) ?? '') : response;
      };

      return { handlers: { GET: handle, POST: handle }, auth: async () => options.session(), signIn, signOut };
    },
  };
}
