import { headers } from 'next/headers';

// Options for the cookies the app sets itself (next-auth sets its own). No client code reads them, so
// HttpOnly; Secure exactly when next-auth makes its session cookie Secure, decided the same way: AUTH_URL
// pins the public origin, otherwise the protocol in X-Forwarded-Proto (which Next sets itself from the
// connection when no proxy did). Over plain http (local development) a Secure cookie would be dropped.
export async function appCookieOptions(maxAgeSeconds: number) {
  return { path: '/', sameSite: 'lax', httpOnly: true, secure: await requestIsHttps(), maxAge: maxAgeSeconds } as const;
}

async function requestIsHttps(): Promise<boolean> {
  const pinned = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (pinned) return new URL(pinned).protocol === 'https:';
  // The first hop is the one the browser talked to.
  return (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
