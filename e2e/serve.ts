// Playwright's web server: the real start script on a data folder wiped first, so every run begins from
// a fresh database.
import { rm } from 'node:fs/promises';
import { E2E_DATA_DIR } from './env';

await rm(E2E_DATA_DIR, { recursive: true, force: true });
process.env.DATA_DIR = E2E_DATA_DIR;
await import('../scripts/start');
