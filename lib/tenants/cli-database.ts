import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { prepareRuntime } from '@/lib/runtime/prepare';

// The database a command-line tool works on: DATABASE_URL; else the one the `npm start` instance of DATA_DIR
// wrote into DATA_DIR/runtime.json, when it answers; else the embedded PostgreSQL under DATA_DIR, started
// and migrated as `npm start` does, for as long as the command runs.

export type CliDatabase = { url: string; where: string; close(): Promise<void> };

export async function openCliDatabase(env: NodeJS.ProcessEnv = process.env): Promise<CliDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, where: 'DATABASE_URL', close: async () => undefined };
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  const file = path.join(dataDir, 'runtime.json');
  const named = await databaseNamedIn(file);
  if (named && (await answers(named))) return { url: named, where: `the app's database (${file})`, close: async () => undefined };
  // The file outlives the app. Its embedded database stopped with it and is started below; any other
  // database must not be swapped silently for an embedded one.
  if (named && !(await isEmbeddedOf(named, dataDir))) {
    throw new Error(`The database named in ${file} does not answer. Start it (or the app), or set DATABASE_URL.`);
  }
  const runtime = await prepareRuntime({ ...env, DATABASE_URL: undefined });
  return { url: runtime.databaseUrl, where: `embedded PostgreSQL under ${runtime.dataDir}`, close: runtime.stop };
}

async function databaseNamedIn(file: string): Promise<string | null> {
  try {
    const runtime = JSON.parse(await readFile(file, 'utf8')) as { databaseUrl?: unknown };
    return typeof runtime.databaseUrl === 'string' ? runtime.databaseUrl : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} is not readable JSON: ${(error as Error).message}`);
  }
}

// The embedded cluster's URL carries the password kept in DATA_DIR/postgres-password (lib/db/embedded.ts).
async function isEmbeddedOf(url: string, dataDir: string): Promise<boolean> {
  const password = await readFile(path.join(dataDir, 'postgres-password'), 'utf8').then((text) => text.trim(), () => null);
  return password !== null && decodeURIComponent(new URL(url).password) === password;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
