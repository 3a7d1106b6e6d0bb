import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// `scripts/worker.ts` as a real child process, the way `npm run worker` runs it, for the tests that kill it.

export type WorkerProcess = { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

type Env = Record<string, string | undefined>;

export function spawnWorker(env: Env): WorkerProcess {
  const root = path.resolve(import.meta.dirname, '../../..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

export function workerEnv(databaseUrl: string, resendUrl: string, extra: Env = {}): Env {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    RESEND_API_KEY: 're_test',
    RESEND_BASE_URL: resendUrl,
    RESEND_RATE_LIMIT: '100',
    DISPATCHER_POLL_MS: '100',
    DELIVERY_BATCH_SIZE: '2',
    DELIVERY_REQUEST_TIMEOUT_MS: '1000',
    DELIVERY_LEASE_MS: '1500',
    DELIVERY_BACKOFF_BASE_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '200',
    // As testConfig: tests' cap counters are at clocks in the past.
    CAP_COUNT_PRUNE_INTERVAL_MS: '0',
    EMAIL_FROM: 'Incident notifications <alerts@example.com>',
    ...extra,
  };
}

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
