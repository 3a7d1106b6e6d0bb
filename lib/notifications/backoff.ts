import type { BackoffPolicy } from '@/lib/notifications/config';

// Exponential backoff with "equal jitter": at least half of the exponential step (so a struggling provider
// really gets air), plus a random half (so deliveries that failed together do not retry together).
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

// `retry-after` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable,
// so the caller falls back to its own backoff.
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names its day and month; without letters it is neither form.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
