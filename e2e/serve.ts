// Playwright's web server: the real start script on a data folder wiped first, so every run begins from
// a fresh database. Next to it runs an Entra-like OIDC issuer (e2e/fixtures/oidc-issuer.ts) that the app's
// "Sign in with Microsoft" is pointed at.
import { rm } from 'node:fs/promises';
import { E2E_DATA_DIR } from './env';
import { entraAppEnv, startOidcIssuer } from './fixtures/oidc-issuer';

await rm(E2E_DATA_DIR, { recursive: true, force: true });
process.env.DATA_DIR = E2E_DATA_DIR;
await startOidcIssuer();
Object.assign(process.env, entraAppEnv());
await import('../scripts/start');
