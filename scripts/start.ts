// `npm start` (after `next build`) and `npm run dev`: prepares data folder, database, migrations and the
// first administrator, then runs Next.js as a child process with DATABASE_URL and AUTH_SECRET set.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { prepareRuntime } from '@/lib/runtime/prepare';
import { seed } from '@/lib/tenants/seed';
import { db } from '@/lib/db/client';
import { ensureBootstrapApiKey } from '@/lib/data/api-keys';
import { errorFields, log } from '@/lib/observability/logger';

const dev = process.argv.includes('--dev');
const port = process.env.PORT || '3000';
const hostname = process.env.HOSTNAME_BIND || '0.0.0.0';

// V8 lets the heap grow far past what the server keeps while garbage comes in fast (an ingest burst took the
// process from 260 to 470 MiB). A limit makes it collect sooner instead: WEB_HEAP_MIB (default 320) for the
// old generation. Thirty concurrent requests at the 1 MiB body cap stay well inside it. NODE_OPTIONS with
// its own --max-old-space-size wins.
function heapFlags(): string[] {
  if (/--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')) return [];
  const mib = Number(process.env.WEB_HEAP_MIB ?? 320);
  if (!Number.isInteger(mib) || mib < 128) throw new Error(`WEB_HEAP_MIB must be a whole number of MiB, at least 128; got "${process.env.WEB_HEAP_MIB}"`);
  return [`--max-old-space-size=${mib}`];
}

async function main() {
  const runtime = await prepareRuntime();
  process.env.DATABASE_URL = runtime.databaseUrl;
  const seeded = await seed(db());
  // An integration key for automation, registered once for the default tenant (a revoked one stays revoked).
  if (process.env.INCIDENTS_API_KEY) {
    const { created } = await ensureBootstrapApiKey(db(), seeded.tenantId, process.env.INCIDENTS_API_KEY);
    if (created) console.log('Integration key from INCIDENTS_API_KEY registered for the default tenant.');
  }
  await db().$disconnect();
  // Where this instance's database is, for tools run beside it (the e2e fixtures, `npm run worker`).
  await writeFile(
    path.join(runtime.dataDir, 'runtime.json'),
    JSON.stringify({ databaseUrl: runtime.databaseUrl, port: Number(port), pid: process.pid }, null, 2),
    { mode: 0o600 },
  );

  const where = runtime.embeddedDatabase ? `embedded PostgreSQL under ${runtime.dataDir}` : 'DATABASE_URL';
  console.log(`Database: ${where}; migrations applied now: ${runtime.appliedMigrations.length || 'none pending'}`);
  if (seeded.createdAdmin) {
    const { email, password, passwordWasGenerated } = seeded.createdAdmin;
    console.log('\nFirst administrator created. Sign in with:');
    console.log(`  email:    ${email}`);
    console.log(passwordWasGenerated ? `  password: ${password}   (shown only this once)` : '  password: the ADMIN_PASSWORD you set');
    console.log('');
  }

  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [...heapFlags(), nextBin, dev ? 'dev' : 'start', '--port', port, '--hostname', hostname], {
    stdio: 'inherit',
    env: {
      // glibc gives each thread that allocates its own arena; two keep the server's memory from fragmenting
      // across them (about 40 MiB less under load, no measurable cost).
      MALLOC_ARENA_MAX: '2',
      ...process.env,
      DATABASE_URL: runtime.databaseUrl,
      AUTH_SECRET: runtime.authSecret,
      DATA_DIR: runtime.dataDir,
      // Next.js would exit at once on SIGTERM; the app's own handler (instrumentation.ts) lets the
      // dispatcher finish the request in flight and hand back its claims, then exits.
      NEXT_MANUAL_SIG_HANDLE: 'true',
    },
  });
  // Any name or address of this machine works (redirects follow the host the browser used); AUTH_URL pins one.
  const shown = process.env.AUTH_URL ?? `http://localhost:${port}`;
  console.log(`Portal: ${shown} (listening on ${hostname}:${port}${process.env.AUTH_URL ? '' : '; any host name of this machine works'})`);

  // The child exits within its grace period; should it hang anyway, it is killed before the 10 s an
  // orchestrator waits, so the embedded database is still stopped cleanly.
  const KILL_AFTER_MS = 9_500;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
    setTimeout(() => {
      log().warn({ afterMs: KILL_AFTER_MS }, 'the server did not stop in time; killing it');
      child.kill('SIGKILL');
    }, KILL_AFTER_MS).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  child.on('exit', async (code, signal) => {
    await runtime.stop().catch((error) => log().error(errorFields(error), 'stopping the embedded database failed'));
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
