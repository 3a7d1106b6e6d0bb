import { Auth } from '@auth/core';
import type { NextRequest } from 'next/server';
import { authConfig } from '@/lib/auth/auth';
import { publicOrigin } from '@/lib/auth/public-origin';

// next-auth's own handlers build every redirect and callback URL from a NextRequest, and a NextRequest spells any
// loopback host `localhost` (and Next.js gives route handlers the origin it listens on, `0.0.0.0`): a portal opened
// at http://127.0.0.1:3000, or at any name without AUTH_URL, was sent elsewhere and lost its session. Auth.js gets
// a plain Request on the origin the user is on (AUTH_URL when set, else the request's host) instead.
function onPublicOrigin(request: NextRequest): Request {
  const incoming = new URL(request.url);
  const url = new URL(`${incoming.pathname}${incoming.search}`, publicOrigin(request.headers) ?? incoming.origin);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers, body: request.body, duplex: 'half' };
  return new Request(url, init);
}

const handle = (request: NextRequest) => Auth(onPublicOrigin(request), authConfig);

export const GET = handle;
export const POST = handle;
