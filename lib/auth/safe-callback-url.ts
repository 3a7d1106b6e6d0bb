const PROBE_ORIGIN = 'http://portal.invalid';

// Only a path on this site may be a post-sign-in destination: "//evil.example", "/\evil.example",
// "https://evil.example" and anything the URL parser resolves elsewhere (tabs, backslashes) are dropped.
export function safeCallbackUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  try {
    const url = new URL(value, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return undefined;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return undefined;
  }
}
