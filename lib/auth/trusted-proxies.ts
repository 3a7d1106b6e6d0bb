// Which of a request's X-Forwarded-* headers the app may believe. TRUSTED_PROXIES is the number of reverse proxies
// the operator runs in front of the app (each appends the address it was reached from to X-Forwarded-For and sets
// X-Forwarded-Host/-Proto); AUTH_TRUST_HOST=true means one. Without either, the app is reached directly and those
// headers are the client's own words: proxy.ts removes them, and Next.js then fills them in from the connection
// (socket address, Host header, TLS or not), so the rest of the app can read them as facts.

type Env = Record<string, string | undefined>;

export function trustedProxyCount(env: Env = process.env): number {
  const configured = Number.parseInt(env.TRUSTED_PROXIES ?? '', 10);
  if (Number.isInteger(configured) && configured >= 0) return Math.min(configured, 10);
  return /^(1|true|yes)$/i.test(env.AUTH_TRUST_HOST ?? '') ? 1 : 0;
}

const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

// The request's headers with what nobody trusted vouches for taken out. Returns null when nothing needs changing.
export function withoutUntrustedForwarding(headers: Headers, env: Env = process.env): Headers | null {
  if (trustedProxyCount(env) > 0) return null;
  if (!FORWARDED.some((name) => headers.has(name))) return null;
  const cleaned = new Headers(headers);
  for (const name of FORWARDED) cleaned.delete(name);
  return cleaned;
}

// The client's address: the right-most X-Forwarded-For hop that the trusted proxies did not add themselves. With
// no trusted proxy the only hop is the one Next.js wrote from the socket (proxy.ts dropped the client's own list).
export function clientAddress(headers: Headers, env: Env = process.env): string | null {
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  // The nearest proxy is the socket peer, so it is not in the list: n proxies leave the client n hops from the end.
  const index = hops.length - Math.max(trustedProxyCount(env), 1);
  return hops[Math.max(index, 0)] ?? null;
}
