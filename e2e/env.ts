import os from 'node:os';
import path from 'node:path';

// Shared by playwright.config.ts, the server it starts and the fixtures that seed data.
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
// Under the system temp folder: the embedded PostgreSQL runs as the `postgres` user when we are root, and
// must be able to reach its data folder.
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR || path.join(os.tmpdir(), 'incident-mail-e2e');
export const E2E_ADMIN = { email: 'e2e-admin@contoso.com', password: 'e2e-Admin-password-1' };
