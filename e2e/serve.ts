// Playwright's web servers (playwright.config.ts): the real start script on a data folder (DATA_DIR) wiped first,
// so every run begins from a fresh database. The first server also runs an Entra-like OIDC issuer
// (e2e/fixtures/oidc-issuer.ts) that the app's "Sign in with Microsoft" is pointed at; a server started with
// E2E_OIDC_ISSUER=shared uses that one instead.
import { rm } from 'node:fs/promises';
import { entraAppEnv, startOidcIssuer, waitForOidcIssuer } from './fixtures/oidc-issuer';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('e2e/serve.ts needs DATA_DIR: the folder it wipes and serves from');
await rm(dataDir, { recursive: true, force: true });
if (process.env.E2E_OIDC_ISSUER === 'shared') await waitForOidcIssuer();
else await startOidcIssuer();
Object.assign(process.env, entraAppEnv());
await import('../scripts/start');
