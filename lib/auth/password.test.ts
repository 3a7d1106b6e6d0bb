import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_HASHES, hashPassword, hashesInProgress, verifyPassword } from '@/lib/auth/password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });

  it('runs at most a few hashes at once, however many are asked for', async () => {
    const hash = await hashPassword('correct horse battery staple');
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, hashesInProgress())), 1);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => verifyPassword(i === 0 ? 'correct horse battery staple' : `guess ${i}`, hash)));
    clearInterval(sampler);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(MAX_CONCURRENT_HASHES);
    expect(hashesInProgress()).toBe(0);
  });
});
