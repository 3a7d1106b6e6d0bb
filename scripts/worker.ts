// `npm run worker`: the delivery dispatcher alone, beside (or instead of) the one in the web process.
// Uses DATABASE_URL, or the database of the `npm start` instance found in DATA_DIR/runtime.json.
// METRICS_PORT serves GET /metrics (Bearer METRICS_TOKEN, as the web route; without a token it answers 404).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorFields, log } from '@/lib/observability/logger';

type RuntimeFile = { databaseUrl?: string; port?: number };

async function main() {
  if (!process.env.DATABASE_URL) {
    const file = path.join(path.resolve(process.env.DATA_DIR || '.data'), 'runtime.json');
    const runtime = await readRuntime(file);
    if (!runtime?.databaseUrl) {
      log().error({ runtimeFile: file }, `No database: DATABASE_URL is not set and ${file} does not exist or names none. ` +
        'Set DATABASE_URL, or start the app first (`npm start`), which writes that file.');
      process.exit(1);
    }
    process.env.DATABASE_URL = runtime.databaseUrl;
    // The local mail sink is served by that app, on its port.
    if (!process.env.PORT && runtime.port) process.env.PORT = String(runtime.port);
    log().info({ runtimeFile: file }, 'using the database of the app instance');
  }
  // Loaded only now, so a missing database is reported without first loading the whole send path.
  const { startDispatcherUntilSignal } = await import('@/lib/notifications/dispatcher-process');
  const metrics = await startMetrics();
  await startDispatcherUntilSignal({ exitWhenStopped: true, onStopped: () => metrics?.close() });
}

async function startMetrics() {
  const raw = process.env.METRICS_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number, got "${raw}".`);
  const { startMetricsServer } = await import('@/lib/notifications/metrics-server');
  const server = await startMetricsServer({ port, host: process.env.METRICS_HOST?.trim() || undefined });
  log().info({ port: server.port, protected: Boolean(process.env.METRICS_TOKEN?.trim()) }, 'metrics served on GET /metrics');
  return server;
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
  log().error(errorFields(error), 'worker failed to start');
  process.exit(1);
});
