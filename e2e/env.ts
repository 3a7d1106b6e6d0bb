import os from 'node:os';
import path from 'node:path';

// Shared by playwright.config.ts, the server it starts and the fixtures that seed data.
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
// 127.0.0.1, not localhost, and no AUTH_URL: the portal must keep the browser on the host it was opened at (Next.js
// alone would send it to `localhost`). The credentials-off server below is at 127.0.0.2 with AUTH_URL pinned.
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
// Under the system temp folder: the embedded PostgreSQL runs as the `postgres` user when we are root, and
// must be able to reach its data folder.
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR || path.join(os.tmpdir(), 'incident-mail-e2e');
export const E2E_ADMIN = { email: 'e2e-admin@contoso.com', password: 'e2e-Admin-password-1' };

// A second server, with password sign-in switched off (AUTH_CREDENTIALS=off) and "Sign in with Microsoft" pointed at
// the same OIDC issuer, for e2e/credentials-off.spec.ts. Port and data folder follow the main ones (E2E_PORT + 1 is
// the issuer's), so parallel runs with different E2E_PORT / E2E_DATA_DIR do not collide. Its default tenant is
// connected to this Microsoft tenant id (MICROSOFT_TENANT_ID).
const credentialsOffPort = Number(process.env.E2E_CREDENTIALS_OFF_PORT || E2E_PORT + 2);
export const E2E_CREDENTIALS_OFF = {
  port: credentialsOffPort,
  // Another loopback address, so its cookies are not the main server's (cookies ignore the port), with AUTH_URL
  // pinned to it: Next.js and next-auth would spell any 127.x address `localhost`.
  baseUrl: `http://127.0.0.2:${credentialsOffPort}`,
  dataDir: `${E2E_DATA_DIR}-credentials-off`,
  microsoftTenantId: '0e2ec0ff-0000-4000-8000-000000000001',
};
