import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxyCount, withoutUntrustedForwarding } from '@/lib/auth/trusted-proxies';
import { publicOrigin } from '@/lib/auth/public-origin';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('trustedProxyCount', () => {
  it('is 0 unless the operator says otherwise', () => {
    expect(trustedProxyCount({})).toBe(0);
    expect(trustedProxyCount({ TRUSTED_PROXIES: '2' })).toBe(2);
    expect(trustedProxyCount({ AUTH_TRUST_HOST: 'true' })).toBe(1);
    expect(trustedProxyCount({ TRUSTED_PROXIES: '0', AUTH_TRUST_HOST: 'true' })).toBe(0);
    expect(trustedProxyCount({ TRUSTED_PROXIES: 'many' })).toBe(0);
  });
});

describe('withoutUntrustedForwarding', () => {
  const spoofed = headers({ host: 'portal.contoso.example', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'for=1.2.3.4' });

  it('removes every forwarded header when no proxy is trusted', () => {
    const cleaned = withoutUntrustedForwarding(spoofed, {})!;
    expect([...cleaned.keys()]).toEqual(['host']);
  });

  it('leaves them to a trusted proxy', () => {
    expect(withoutUntrustedForwarding(spoofed, { TRUSTED_PROXIES: '1' })).toBeNull();
  });
});

describe('clientAddress', () => {
  it('is the socket address Next.js wrote when no proxy is trusted', () => {
    expect(clientAddress(headers({ 'x-forwarded-for': '192.0.2.1' }), {})).toBe('192.0.2.1');
  });

  // A client can put anything at the start of X-Forwarded-For; each proxy appends what it saw.
  it('is the right-most hop the trusted proxies did not add, never the client-chosen first one', () => {
    const chain = headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.20, 10.0.0.5' });
    expect(clientAddress(chain, { TRUSTED_PROXIES: '1' })).toBe('10.0.0.5');
    expect(clientAddress(chain, { TRUSTED_PROXIES: '2' })).toBe('198.51.100.20');
    expect(clientAddress(chain, { TRUSTED_PROXIES: '5' })).toBe('6.6.6.6');
  });

  it('is null without any hop', () => {
    expect(clientAddress(headers({}), {})).toBeNull();
  });
});

describe('publicOrigin', () => {
  it('is AUTH_URL when set', () => {
    expect(publicOrigin(headers({ host: 'other.example' }), { AUTH_URL: 'https://portal.contoso.example/x' })).toBe('https://portal.contoso.example');
  });

  it('is the host the user used, over http, without a proxy', () => {
    expect(publicOrigin(headers({ host: '127.0.0.1:3917' }), {})).toBe('http://127.0.0.1:3917');
    expect(publicOrigin(headers({ host: '[::1]:3000' }), {})).toBe('http://[::1]:3000');
  });

  it('is the forwarded host and protocol when present (proxy.ts keeps them only from a trusted proxy)', () => {
    expect(publicOrigin(headers({ host: '10.0.0.7:3000', 'x-forwarded-host': 'portal.contoso.example', 'x-forwarded-proto': 'https' }), {})).toBe(
      'https://portal.contoso.example',
    );
  });

  it('refuses a host header that could carry a path or credentials', () => {
    for (const host of ['evil.example/path', 'user@evil.example', 'a b', '']) expect(publicOrigin(headers({ host }), {}), host).toBeNull();
  });
});
