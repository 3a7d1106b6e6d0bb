import { expect, it } from 'vitest';
import { FAILURE_BACKOFF_MAX_MS, roundDelayMs } from '@/lib/notifications/dispatch-loop';

it('polls at its interval while rounds succeed, and backs off by doubling after failed ones', () => {
  expect(roundDelayMs(200, 0)).toBe(200);
  expect([1, 2, 3, 4].map((failed) => roundDelayMs(200, failed))).toEqual([200, 400, 800, 1600]);
  expect(roundDelayMs(200, 50)).toBe(FAILURE_BACKOFF_MAX_MS);
  // An interval longer than the cap is never shortened by a failure.
  expect(roundDelayMs(10_000, 3)).toBe(10_000);
});
