import path from 'node:path';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from '@/lib/db/embedded';
import { applyMigrations } from '@/lib/db/migrate';
import { drillDataDir } from './web-app';

// A PostgreSQL server of the drill's own (embedded, in a fresh folder, migrated), which the drill can stop and
// start again on the same folder and port while the app keeps running against its DATABASE_URL.

const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations');

export type DrillDatabase = {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  // Stops the server for good and deletes its folder.
  remove(): Promise<void>;
};

export async function startDrillDatabase(name: string): Promise<DrillDatabase> {
  const data = await drillDataDir(name);
  const port = await findFreePort();
  // Throwaway data: no fsync. A clean stop still writes everything down before the server exits.
  const boot = () => startEmbeddedPostgres({ dataDir: data.dir, port, ephemeral: true });
  let server: EmbeddedPostgres | null = await boot();
  const url = server.url;
  await applyMigrations(url, { migrationsDir });
  return {
    url,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      server ??= await boot();
    },
    async remove() {
      await server?.stop();
      server = null;
      await data.remove();
    },
  };
}
