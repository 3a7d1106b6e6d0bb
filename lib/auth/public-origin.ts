// The origin the user is on, for the few places that must write an absolute URL (a redirect made in proxy.ts,
// next-auth's callback and sign-in URLs). Next.js itself only knows the address it listens on (`localhost` or
// `0.0.0.0`), which is wrong for anyone not at that machine's console.
// AUTH_URL pins it when set. Otherwise it is the request's: X-Forwarded-Host/-Proto, which are facts by the time
// this runs (a trusted proxy set them, or proxy.ts removed the client's and Next.js filled them from the
// connection), else the Host header over plain http.

type Env = Record<string, string | undefined>;

// A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could carry a path or userinfo.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function publicOrigin(headers: Headers, env: Env = process.env): string | null {
  const pinned = env.AUTH_URL ?? env.NEXTAUTH_URL;
  if (pinned) return new URL(pinned).origin;
  const host = firstValue(headers.get('x-forwarded-host')) ?? firstValue(headers.get('host'));
  if (!host || !HOST.test(host)) return null;
  const proto = firstValue(headers.get('x-forwarded-proto'))?.toLowerCase() === 'https' ? 'https' : 'http';
  return new URL(`${proto}://${host}`).origin;
}

// The first of a comma-separated header's values: the one the outermost proxy (nearest the browser) wrote.
function firstValue(header: string | null): string | undefined {
  return header?.split(',')[0]?.trim() || undefined;
}
