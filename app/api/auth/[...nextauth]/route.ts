import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';
import { publicOrigin } from '@/lib/auth/public-origin';

// next-auth builds its redirects and callback URLs from the request's URL, which Next.js gives the origin it
// listens on (`http://0.0.0.0:3000`). Without AUTH_URL (which next-auth applies itself) it gets the request on the
// origin the user is on. A plain Request: a NextRequest would turn 127.0.0.1 back into `localhost`.
function onPublicOrigin(request: NextRequest): NextRequest {
  if (process.env.AUTH_URL ?? process.env.NEXTAUTH_URL) return request;
  const origin = publicOrigin(request.headers);
  if (!origin) return request;
  const url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, origin);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers, body: request.body, duplex: 'half' };
  // next-auth reads only what a standard Request has.
  return new Request(url, init) as NextRequest;
}

export const GET = (request: NextRequest) => handlers.GET(onPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(onPublicOrigin(request));
