// `npm run worker`: the delivery dispatcher alone, beside (or instead of) the one in the web process.
// Uses DATABASE_URL, or the database of the `npm start` instance found in DATA_DIR/runtime.json.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

type RuntimeFile = { databaseUrl?: string; port?: number };

async function main() {
  if (!process.env.DATABASE_URL) {
    const file = path.join(path.resolve(process.env.DATA_DIR || '.data'), 'runtime.json');
    const runtime = await readRuntime(file);
    if (!runtime?.databaseUrl) {
      console.error(`No database: DATABASE_URL is not set and ${file} does not exist or names none.\n` +
        'Set DATABASE_URL, or start the app first (`npm start`), which writes that file.');
      process.exit(1);
    }
    process.env.DATABASE_URL = runtime.databaseUrl;
    // The local mail sink is served by that app, on its port.
    if (!process.env.PORT && runtime.port) process.env.PORT = String(runtime.port);
    console.log(`[worker] using the database of the app instance in ${file}`);
  }
  // Loaded only now, so a missing database is reported without first loading the whole send path.
  const { startDispatcherUntilSignal } = await import('@/lib/notifications/lifecycle');
  await startDispatcherUntilSignal({ exitWhenStopped: true });
}

async function readRuntime(file: string): Promise<RuntimeFile | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RuntimeFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} is not readable JSON: ${(error as Error).message}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
