import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The web process of the load bench: `scripts/start.ts` (production build, embedded PostgreSQL in its own data
// folder) as the leader of its own process group, so stopping the group also stops `next start` and PostgreSQL.

const root = path.resolve(import.meta.dirname, '../..');

// `pipeOutput`: stdout and stderr come back as pipes (the fault drills keep the log for their figures and failures);
// otherwise the log is dropped and stderr shared with ours.
export function spawnWeb(
  port: number,
  dataDir: string,
  env: Record<string, string | undefined>,
  { pipeOutput = false }: { pipeOutput?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, HOSTNAME_BIND: '127.0.0.1', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv,
    stdio: pipeOutput ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

// SIGTERM first (start.ts then stops PostgreSQL cleanly), SIGKILL for whatever is left after `graceMs`.
export async function stopGroup(child: ChildProcess, graceMs = 12_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([exited, timer]);
  if (child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}

export async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

// The `next start` processes under `ancestor` (found through /proc; PostgreSQL, also a descendant, is left out).
export function nextServerPids(ancestor: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which may itself hold spaces and parentheses: state, ppid, ...
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parentOf.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parentOf.get(p), hops++) if (p === ancestor) return true;
    return false;
  };
  return [...parentOf.keys()].filter((pid) => descends(pid) && /next/.test(commandLine(pid)) && !/postgres/.test(commandLine(pid)));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

// Resident set size in MiB, from /proc/<pid>/status; 0 once the process is gone.
export function rssMiB(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

// Samples the summed RSS of `pids` every `everyMs` until stopped; returns the peak.
export function sampleRss(pids: number[], everyMs = 100): { stop: () => number } {
  let peak = 0;
  const take = () => (peak = Math.max(peak, pids.reduce((sum, pid) => sum + rssMiB(pid), 0)));
  take();
  const timer = setInterval(take, everyMs);
  return { stop: () => (clearInterval(timer), take(), peak) };
}
