// Vitest globalSetup: one migrated PostgreSQL database for the whole run, deleted after. Tests get its URL as
// process.env.DATABASE_URL (workers inherit the environment) or inject('databaseUrl').
//
// By default an embedded PostgreSQL in a fresh folder. With TEST_DATABASE_URL (a role on a real server that may
// create databases, e.g. Debian's PostgreSQL in CI) a fresh database `incident_mail_test_<random>` on that server
// instead, dropped after. DATABASE_URL from the shell is never used, so tests never touch a real database.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded';
import { applyMigrations } from './migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

type TestDatabase = { url: string; drop: () => Promise<void> };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = process.env.TEST_DATABASE_URL ? await onServer(process.env.TEST_DATABASE_URL) : await embedded();
  try {
    await applyMigrations(database.url, { migrationsDir: path.join(project.config.root, 'prisma', 'migrations') });
    process.env.DATABASE_URL = database.url;
    project.provide('databaseUrl', database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database.drop;
}

async function embedded(): Promise<TestDatabase> {
  // /tmp rather than os.tmpdir(): as root, PostgreSQL runs as `postgres`, which must be able to reach the folder.
  const dataDir = await fs.mkdtemp('/tmp/vitest-postgres-');
  const removeDataDir = () => fs.rm(dataDir, { recursive: true, force: true });
  try {
    await fs.chmod(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    return {
      url: server.url,
      drop: async () => {
        await server.stop();
        await removeDataDir();
      },
    };
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}

async function onServer(serverUrl: string): Promise<TestDatabase> {
  const name = `incident_mail_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  console.log(`Tests run on ${url.host}, database ${name} (TEST_DATABASE_URL)`);
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
