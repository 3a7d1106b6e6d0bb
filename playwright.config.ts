import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL, E2E_CREDENTIALS_OFF, E2E_DATA_DIR } from './e2e/env';

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, { command: string }>;

// One instance of the app (e2e/serve.ts) on its own port and fresh data folder; `env` adds its own settings.
// `pinnedOrigin` sets AUTH_URL; without it the app works out its origin from each request.
function e2eServer(name: string, baseUrl: string, dataDir: string, env: Record<string, string> = {}, pinnedOrigin = false): WebServer {
  const port = new URL(baseUrl).port;
  return {
    name,
    command: 'node --import tsx e2e/serve.ts',
    url: `${baseUrl}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      ORGANIZATION_NAME: 'Contoso E2E',
      ...(pinnedOrigin ? { AUTH_URL: baseUrl } : {}),
      ...env,
    },
  };
}

// One worker: the machine has two cores and the server needs one. The servers run the production build
// (`npm run test:e2e` builds first), each on a fresh embedded PostgreSQL under its own data folder.
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
  // Playwright starts these one after another, each once the one before answers.
  webServer: [
    e2eServer('app', E2E_BASE_URL, E2E_DATA_DIR),
    // Password sign-in switched off (e2e/credentials-off.spec.ts); signs in with Microsoft through the first one's issuer.
    e2eServer('credentials-off', E2E_CREDENTIALS_OFF.baseUrl, E2E_CREDENTIALS_OFF.dataDir, {
      AUTH_CREDENTIALS: 'off',
      E2E_OIDC_ISSUER: 'shared',
      MICROSOFT_TENANT_ID: E2E_CREDENTIALS_OFF.microsoftTenantId,
    }, true),
  ],
});
