// Vitest globalSetup: one embedded PostgreSQL for the whole run, migrated, in a fresh folder that is deleted after.
// Tests get its URL as process.env.DATABASE_URL (workers inherit the environment) or inject('databaseUrl').

import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // /tmp rather than os.tmpdir(): as root, PostgreSQL runs as `postgres`, which must be able to reach the folder.
  const dataDir = await fs.mkdtemp('/tmp/vitest-postgres-');
  const removeDataDir = () => fs.rm(dataDir, { recursive: true, force: true });
  let stop: () => Promise<void> = async () => undefined;
  try {
    await fs.chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    stop = server.stop;
    await applyMigrations(server.url, { migrationsDir: path.join(project.config.root, 'prisma', 'migrations') });
    // Overrides any DATABASE_URL from the shell, so tests never touch a developer's real database.
    process.env.DATABASE_URL = server.url;
    project.provide('databaseUrl', server.url);
  } catch (error) {
    await stop();
    await removeDataDir();
    throw error;
  }
  return async () => {
    await stop();
    await removeDataDir();
  };
}
