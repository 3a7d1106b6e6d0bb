// `npm run bench:load` (after `npm run build`): the five figures of issue 10 in one run, each against its
// ceiling measured in the same run, and issue 12's burst figure (emails for a coalesced burst of updates). Prints figures only; a benchmark is never a pass/fail test.
// The app runs as `scripts/start.ts` (production build, embedded PostgreSQL on a fresh data folder,
// DISPATCHER=off), the dispatcher as its own `npm run worker`, the provider as the Resend stand-in on loopback
// enforcing --rate requests/s and 100 emails per batch. Flags: see scripts/bench/options.ts.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureBootstrapApiKey } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import { createWorld } from '@/lib/incidents/fixtures/world';
import { startResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { until } from '@/lib/notifications/testing/worker-process';
import { measureBurst } from './bench/burst';
import { fillBacklog, measureDelivery, measureLatency, type Worker } from './bench/delivery';
import { seedRules } from './bench/incidents';
import { measureLoad } from './bench/load';
import { measureMatching } from './bench/matching';
import { parseOptions } from './bench/options';
import { killGroup, nextServerPids, ready, spawnWeb, stopGroup } from './bench/processes';
import { table } from './bench/table';

const options = parseOptions(process.argv.slice(2));
const began = performance.now();
const step = (what: string) => console.error(`[bench:load ${((performance.now() - began) / 1000).toFixed(0)} s] ${what}`);

// Whatever happens, no child outlives the bench.
const children: ChildProcess[] = [];
const workers: Worker[] = [];
process.on('exit', () => {
  children.forEach((child) => killGroup(child, 'SIGKILL'));
  workers.forEach((worker) => worker.child.exitCode === null && worker.child.kill('SIGKILL'));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

async function main(): Promise<void> {
  step('matching: planDeliveries alone, at 10 / 1,000 / 10,000 rules');
  const matching = measureMatching([10, 1_000, 10_000], options.matching / options.rules, options.matchSeconds);

  const standIn = await startResendStandIn({ rateLimit: options.rate });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-load-'));
  // PostgreSQL runs as its own user when we are root: it must be able to enter the folder.
  await chmod(dataDir, 0o755);
  try {
    step(`starting the web process on 127.0.0.1:${options.port} (data in ${dataDir})`);
    const web = spawnWeb(options.port, dataDir, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISPATCHER: 'off',
      BENCH_NOOP_ROUTE: '1',
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: standIn.url,
      AUTH_SECRET: randomBytes(32).toString('hex'),
    });
    children.push(web);
    await until(() => ready(options.port), 90_000, 'the web process');
    const runtime = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl: string; pid: number };
    const webPids = nextServerPids(runtime.pid);
    if (webPids.length === 0) throw new Error(`no next-server process found under pid ${runtime.pid}`);
    process.env.DATABASE_URL = runtime.databaseUrl;

    step(`seeding ${options.rules} rules, ${options.matching} of them matching`);
    const world = await createWorld();
    await seedRules(world.ctx, options.rules, options.matching);
    const apiKey = `bench-${randomBytes(16).toString('hex')}`;
    await ensureBootstrapApiKey(db(), world.tenant.id, apiKey);
    const workerSettings = { databaseUrl: runtime.databaseUrl, standIn, rate: options.rate, onWorker: (w: Worker) => workers.push(w) };

    step(`latency: 1 incident / 500 ms for ${options.latencySeconds} s`);
    const latency = await measureLatency({ ...workerSettings, port: options.port, apiKey, alerts: options.alerts, seconds: options.latencySeconds });

    step(`load: no-op route, then ingest, ${options.connections} connections × ${options.duration} s each`);
    const load = await measureLoad({ port: options.port, apiKey, connections: options.connections, duration: options.duration, alerts: options.alerts, webPids });

    step(`backlog: topping the queue up to ${options.backlog.toLocaleString('en-US')} deliveries`);
    const backlog = await fillBacklog(world.tenant.id, options.backlog, options.matching);
    step(`delivery: ${backlog.total} queued (${backlog.fromIngest} from the ingest run); worker for ${options.deliverySeconds} s at ${options.rate} requests/s`);
    const delivery = await measureDelivery({ ...workerSettings, seconds: options.deliverySeconds });
    step('burst: 1,000 updates of 10 incidents, rule with a 5-minute coalescing window, 2 recipients');
    const burst = await measureBurst({ ...workerSettings, port: options.port });
    if (standIn.violations.length) step(`the stand-in saw ${standIn.violations.length} invalid requests, e.g. ${standIn.violations[0]}`);

    console.log(
      `\nbench:load — ${options.rules} rules (${options.matching} match), ${options.alerts} alerts per incident, ` +
        `${options.connections} connections × ${options.duration} s, provider ${options.rate} requests/s${options.quick ? ', --quick' : ''}\n`,
    );
    console.log(table({ load, delivery, backlog: backlog.total, latency, matching, burst, rate: options.rate }));
    await db().$disconnect();
    step('stopping the web process');
    await stopGroup(web);
  } finally {
    await standIn.close();
    children.forEach((child) => killGroup(child, 'SIGKILL'));
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
