import { NextResponse, type NextRequest } from 'next/server';
import { auth } from '@/lib/auth/auth';

// Two jobs for every page request:
// 1. A Content-Security-Policy with a fresh nonce. Next reads the nonce from the request's CSP header and puts it
//    on its own inline bootstrap scripts, so no inline script without it runs. Pages render per request (the root
//    layout reads the locale cookie), which a nonce needs. Styles stay 'unsafe-inline': Fluent's Griffel writes
//    <style> tags at runtime. The API and static assets get their (static) headers from next.config.ts.
// 2. A first, cheap gate: a browser without a session cookie is sent to sign in and brought back afterwards.
//    It is not the authorization: every page and action checks the user against the database itself.

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

function withPolicy(request: NextRequest, signedIn: boolean): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce);
  let response: NextResponse;
  if (signedIn || PUBLIC_PATH.test(request.nextUrl.pathname)) {
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const signIn = new URL('/sign-in', request.nextUrl.origin);
    signIn.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(signIn);
  }
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const proxy = auth((request) => withPolicy(request, Boolean(request.auth)));

export const config = {
  // Everything but the API (which authenticates on its own) and static assets.
  matcher: ['/((?!api/|_next/|favicon.ico).*)'],
};
