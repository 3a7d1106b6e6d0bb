// What Resend announces about its request rate with every answer: `ratelimit-limit` (requests per window),
// `ratelimit-remaining` (left in the current window) and `ratelimit-reset` (seconds until the window ends),
// in the style of the IETF RateLimit header fields. Resend's window is one second (its default limit is
// 5 requests/s, older teams 2), so the announced limit is a requests-per-second figure.

export type ProviderRate = { limit: number | null; remaining: number | null; resetMs: number | null };

export function readProviderRate(headers: Record<string, string> | null | undefined): ProviderRate | null {
  if (!headers) return null;
  const limit = count(headers['ratelimit-limit']);
  const remaining = count(headers['ratelimit-remaining']);
  const reset = count(headers['ratelimit-reset']);
  if (limit === null && remaining === null && reset === null) return null;
  return { limit: limit && limit > 0 ? limit : null, remaining, resetMs: reset === null ? null : reset * 1000 };
}

// A header may repeat a field (`2, 2`) when a proxy merged two; the smallest is the safe reading.
function count(value: string | undefined): number | null {
  if (!value) return null;
  const numbers = value.split(',').map((part) => Number(part.trim())).filter((n) => Number.isFinite(n) && n >= 0);
  return numbers.length ? Math.min(...numbers) : null;
}
