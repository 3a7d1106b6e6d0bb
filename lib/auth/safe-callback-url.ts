const PROBE_ORIGIN = 'http://portal.invalid';

// Only a path on this site may be a post-sign-in destination: "//evil.example", "/\evil.example",
// "https://evil.example" and anything the URL parser resolves elsewhere (tabs, backslashes) are dropped.
// The check is made on what is returned, not on what came in: "/.//evil.example" or "/%2e//evil.example" are
// harmless paths to the parser but normalise to "//evil.example", which a browser reads as another host.
export function safeCallbackUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  if (!isSameSitePath(value)) return undefined;
  try {
    const url = new URL(value, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return undefined;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // The result must itself resolve to this site, read by a browser against any origin.
    return isSameSitePath(path) && new URL(path, PROBE_ORIGIN).origin === PROBE_ORIGIN ? path : undefined;
  } catch {
    return undefined;
  }
}

// One leading slash, and nothing a browser would take for the start of another host.
function isSameSitePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && !/[\u0000-\u001f\\]/.test(value.slice(0, 2));
}
