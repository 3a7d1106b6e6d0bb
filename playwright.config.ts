import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL, E2E_DATA_DIR, E2E_PORT } from './e2e/env';

// One worker: the machine has two cores and the server needs one. The server runs the production build
// (`npm run test:e2e` builds first) on a fresh embedded PostgreSQL under E2E_DATA_DIR.
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    // The Entra-like OIDC issuer of e2e/entra-sign-in.spec.ts serves a self-signed loopback certificate.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'portal',
      use: { ...devices['Desktop Chrome'], storageState: 'test-results/.auth/admin.json' },
      dependencies: ['setup'],
    },
  ],
  webServer: {
    command: 'node --import tsx e2e/serve.ts',
    url: `${E2E_BASE_URL}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      DATA_DIR: E2E_DATA_DIR,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ORGANIZATION_NAME: 'Contoso E2E',
      AUTH_URL: E2E_BASE_URL,
    },
  },
});
