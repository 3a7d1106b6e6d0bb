import { NextResponse } from 'next/server';
import { auth } from '@/lib/auth/auth';

// A first, cheap gate: a browser without a session cookie is sent to sign in and brought back afterwards.
// It is not the authorization: every page and action checks the user against the database itself.
export const proxy = auth((request) => {
  if (request.auth) return NextResponse.next();
  const signIn = new URL('/sign-in', request.nextUrl.origin);
  signIn.searchParams.set('callbackUrl', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
});

export const config = {
  // Everything but the sign-in page, the API (which authenticates on its own), and static assets.
  matcher: ['/((?!sign-in|api/|_next/|favicon.ico).*)'],
};
