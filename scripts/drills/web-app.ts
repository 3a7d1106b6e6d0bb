import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { until } from '@/lib/notifications/testing/worker-process';
import { killGroup, nextServerPids, ready, spawnWeb, stopGroup } from '../bench/processes';

// The app as `npm start` runs it (scripts/start.ts: production build, the dispatcher inside the web process), on a
// data folder of its own, for the drills that kill it or take its database away. Each start is a process group
// (start.ts, `next start`, and the embedded PostgreSQL when no DATABASE_URL is given).

const root = path.resolve(import.meta.dirname, '../..');

export type Env = Record<string, string | undefined>;

export type WebApp = {
  port: number;
  dataDir: string;
  child: ChildProcess;
  // The `next start` process(es): the one that takes incidents and sends their emails.
  serverPids: number[];
  databaseUrl: string;
  // Everything the group printed (JSON log lines), for figures and failure messages.
  output: () => string;
  exited: Promise<void>;
};

export function assertBuilt(): void {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error(`No production build in ${root}/.next: run \`npx next build\` first (this drill runs \`next start\`).`);
  }
}

// /tmp, and open to others: as root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
export async function drillDataDir(name: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join('/tmp', `drill-${name}-`));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const started: ChildProcess[] = [];
// A drill that dies half-way must not leave servers behind.
process.on('exit', () => started.forEach((child) => killGroup(child, 'SIGKILL')));

export async function startWebApp(port: number, dataDir: string, env: Env, timeoutMs = 90_000): Promise<WebApp> {
  const child = spawnWeb(port, dataDir, env, { pipeOutput: true });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  try {
    await until(async () => {
      if (gone()) throw new Error(`the web process exited during start (code ${child.exitCode}, signal ${child.signalCode})`);
      return ready(port);
    }, timeoutMs, `the web process on port ${port} to be ready`);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    throw new Error(`${(error as Error).message}\n--- its output ---\n${tail(output)}`, { cause: error });
  }
  const runtime = JSON.parse(await readFile(path.join(dataDir, 'runtime.json'), 'utf8')) as { databaseUrl: string; pid: number };
  const serverPids = nextServerPids(runtime.pid);
  if (serverPids.length === 0) throw new Error(`no next-server process under pid ${runtime.pid}`);
  return { port, dataDir, child, serverPids, databaseUrl: runtime.databaseUrl, output: () => output, exited };
}

// kill -9 of the web process alone: its parent (start.ts) sees it die, stops the embedded PostgreSQL cleanly, exits.
export async function killServer(app: WebApp): Promise<void> {
  for (const pid of app.serverPids) process.kill(pid, 'SIGKILL');
  await app.exited;
}

export const stopWebApp = (app: WebApp) => stopGroup(app.child);

export function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// The JSON log lines with this `msg`.
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.includes(msg)) return [];
    try {
      const event = JSON.parse(line) as Record<string, unknown>;
      return event.msg === msg ? [event] : [];
    } catch {
      return [];
    }
  });
}
