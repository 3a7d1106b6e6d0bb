import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { auth } from '@/lib/auth/auth';
import { publicOrigin } from '@/lib/auth/public-origin';
import { withoutUntrustedForwarding } from '@/lib/auth/trusted-proxies';

// Two jobs for every page request:
// 1. A Content-Security-Policy with a fresh nonce. Next reads the nonce from the request's CSP header and puts it
//    on its own inline bootstrap scripts, so no inline script without it runs. Pages render per request (the root
//    layout reads the locale cookie), which a nonce needs. Styles stay 'unsafe-inline': Fluent's Griffel writes
//    <style> tags at runtime. The API and static assets get their (static) headers from next.config.ts.
// 2. A first, cheap gate: a browser without a session cookie is sent to sign in and brought back afterwards.
//    It is not the authorization: every page and action checks the user against the database itself.
//    The redirect goes to the host the browser used (lib/auth/public-origin.ts): Next.js itself only knows
//    `localhost` when it listens on 0.0.0.0, and would send everyone else there.
// 3. X-Forwarded-* headers that no trusted proxy vouches for are removed (lib/auth/trusted-proxies.ts), here and
//    for next-auth's endpoints, so sign-in throttling and next-auth's URLs see the connection, not the client's claims.

// The sign-in page (and anything under that name) needs no session, only the headers.
const PUBLIC_PATH = /^\/sign-in/;

function contentSecurityPolicy(nonce: string): string {
  // React's development build evaluates strings for its debugging aids; production never does.
  const evalInDev = process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : '';
  return [
    "default-src 'self'",
    // 'report-sample' puts the start of a blocked script in the violation report, so reports are actionable.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'report-sample'${evalInDev}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function forwardedRequestHeaders(request: NextRequest, extra?: [string, string]): Headers | null {
  const cleaned = withoutUntrustedForwarding(request.headers);
  if (!extra) return cleaned;
  const headers = cleaned ?? new Headers(request.headers);
  headers.set(...extra);
  return headers;
}

// Pages and actions log with the request id a proxy in front gave them; without one, a fresh id for this request.
function withRequestId(headers: Headers): Headers {
  if (!headers.get('x-request-id')) headers.set('x-request-id', crypto.randomUUID());
  return headers;
}

function redirectToSignIn(request: NextRequest): NextResponse {
  // Next.js turns a Location on the request's own (internal) origin into a relative one; any other stays absolute.
  const origin = publicOrigin(forwardedRequestHeaders(request) ?? request.headers) ?? request.url;
  const signIn = new URL('/sign-in', origin);
  signIn.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

function withPolicy(request: NextRequest, signedIn: boolean): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce);
  let response: NextResponse;
  if (signedIn || PUBLIC_PATH.test(request.nextUrl.pathname)) {
    const headers = withRequestId(forwardedRequestHeaders(request, ['content-security-policy', policy])!);
    response = NextResponse.next({ request: { headers } });
  } else {
    response = redirectToSignIn(request);
  }
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

const pageProxy = auth((request) => withPolicy(request, Boolean(request.auth)));

export function proxy(request: NextRequest, event: NextFetchEvent) {
  // next-auth's own endpoints need only the forwarded headers sorted out (the API has its policy from next.config.ts).
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const headers = forwardedRequestHeaders(request);
    return headers ? NextResponse.next({ request: { headers } }) : NextResponse.next();
  }
  // next-auth types its wrapper for route handlers too; as a proxy it is called with the fetch event.
  return pageProxy(request, event as never);
}

export const config = {
  // Every page, and next-auth's endpoints; not the rest of the API (it authenticates on its own), static assets or
  // the probes and metrics (which need no session and must stay cheap).
  matcher: ['/((?!api/|_next/|favicon.ico|healthz$|readyz$|metrics$).*)', '/api/auth/:path*'],
};
