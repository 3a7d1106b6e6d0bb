import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { applyMigrations } from '@/lib/db/migrate';

export type Runtime = {
  dataDir: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  appliedMigrations: string[];
  authSecret: string;
  stop(): Promise<void>;
};

// Everything a process needs before it can serve: the data folder, a persistent session secret, a
// database (the operator's, or an embedded PostgreSQL under the data folder) with every migration applied.
export async function prepareRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  await mkdir(dataDir, { recursive: true });

  const authSecret = env.AUTH_SECRET || (await persistentSecret(path.join(dataDir, 'auth-secret')));

  let databaseUrl = env.DATABASE_URL;
  let stop = async () => {};
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : undefined,
    });
    databaseUrl = embedded.url;
    stop = embedded.stop;
  }
  try {
    const { applied } = await applyMigrations(databaseUrl);
    return { dataDir, databaseUrl, embeddedDatabase: !env.DATABASE_URL, appliedMigrations: applied, authSecret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Generated once and kept, so restarting does not sign everybody out.
async function persistentSecret(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}
