import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';

// What a browser makes of the returned value on our origin: it must stay there.
const resolvedOrigin = (path: string) => new URL(path, 'https://portal.contoso.example').origin;

describe('safeCallbackUrl', () => {
  it('keeps paths on this site, with their query and hash', () => {
    expect(safeCallbackUrl('/settings')).toBe('/settings');
    expect(safeCallbackUrl('/settings/email-notifications/incidents?rule=1#x')).toBe('/settings/email-notifications/incidents?rule=1#x');
    expect(safeCallbackUrl('/a/./b/../c')).toBe('/a/c');
  });

  it('drops other hosts in any spelling', () => {
    for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil.example', '/\t/evil.example', '\\\\evil.example', '']) {
      expect(safeCallbackUrl(value), value).toBeUndefined();
    }
  });

  // Each of these is a path to a naive check, but normalises to "//evil.example".
  it('checks the normalised result, not the raw string', () => {
    for (const value of ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/./\\evil.example', '/%2E%2E//evil.example', '/a/..//evil.example']) {
      const result = safeCallbackUrl(value);
      if (result !== undefined) expect(resolvedOrigin(result), `${value} -> ${result}`).toBe('https://portal.contoso.example');
      expect(result, value).toBeUndefined();
    }
  });

  it('refuses what is not a short string', () => {
    expect(safeCallbackUrl(undefined)).toBeUndefined();
    expect(safeCallbackUrl(['/settings'])).toBeUndefined();
    expect(safeCallbackUrl(`/${'a'.repeat(2048)}`)).toBeUndefined();
  });
});
