import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryAfterMs, retryDelayMs } from '@/lib/notifications/backoff';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the step', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(retryDelayMs(7, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(1000, policy, () => 0)).toBe(30_000);
  });

  it('spreads deliveries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(5, policy)));
    expect(delays.size).toBeGreaterThan(40);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(8000);
  });
});

describe('retryAfterMs', () => {
  afterEach(() => vi.useRealTimers());

  it('reads delta-seconds, fractional too', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(' 0.5 ')).toBe(500);
  });

  it('reads an HTTP date relative to now', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
    expect(retryAfterMs('Mon, 23 Nov 2026 12:00:30 GMT')).toBe(30_000);
    expect(retryAfterMs('Mon, 23 Nov 2026 11:00:00 GMT')).toBe(0);
  });

  it('gives null for what it cannot read, so the caller backs off on its own', () => {
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('')).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs('-1')).toBeNull();
  });
});
