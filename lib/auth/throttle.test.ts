import { describe, expect, it } from 'vitest';
import { delayAfter } from '@/lib/auth/throttle';

describe('delayAfter', () => {
  it('lets the first failures through, then doubles the wait up to a cap', () => {
    expect([0, 4].map((n) => delayAfter('account', n))).toEqual([0, 0]);
    expect(delayAfter('account', 5)).toBe(2_000);
    expect(delayAfter('account', 6)).toBe(4_000);
    expect(delayAfter('account', 40)).toBe(15 * 60_000);
  });

  it('allows a shared address more attempts than a single account', () => {
    expect(delayAfter('address', 10)).toBe(0);
    expect(delayAfter('address', 20)).toBe(2_000);
  });
});
