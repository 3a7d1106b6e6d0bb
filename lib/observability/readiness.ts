import fs from 'node:fs/promises';
import { db } from '@/lib/db/client';
import { defaultMigrationsDir } from '@/lib/db/migrate';
import { dispatcherState } from '@/lib/observability/dispatcher-state';
import { errorFields, log } from '@/lib/observability/logger';

// What GET /readyz answers: may this process take traffic? Each check says only ok or what kind of not-ok, never a
// host, an error text or a count: the probe is unauthenticated. Why a check failed goes to the log, once per change.

export type Readiness = {
  status: 'ok' | 'unavailable';
  checks: {
    database: 'ok' | 'unreachable';
    // `unknown` when the database could not say (unreachable, or no history table at all).
    migrations: 'ok' | 'pending' | 'unknown';
    dispatcher: 'running' | 'failing' | 'off' | 'stopping' | 'stopped';
  };
};

// Below the probe's own timeout (3 s in the README's examples), so the probe gets an answer rather than giving up.
export const DATABASE_TIMEOUT_MS = 1_500;

export async function checkReadiness(): Promise<Readiness> {
  // Many probes at once (several kubelets, a load balancer) share one look instead of each taking a connection.
  inFlight ??= look().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

let inFlight: Promise<Readiness> | null = null;

async function look(): Promise<Readiness> {
  const problems: Record<string, string> = {};
  const database = await withTimeout(() => db().$queryRaw`SELECT 1`).then(
    () => 'ok' as const,
    (error: unknown) => {
      problems.database = errorFields(error).error;
      return 'unreachable' as const;
    },
  );
  const migrations = database === 'ok' ? await migrationsState(problems) : 'unknown';
  const dispatcher = dispatcherCheck();
  // A stopping dispatcher means the process is shutting down: let the balancer drain it. A failing round is shown
  // but not fatal: its usual cause (the database) has its own check, and web traffic does not depend on the loop.
  const ready = database === 'ok' && migrations === 'ok' && dispatcher !== 'stopping' && dispatcher !== 'stopped';
  const readiness: Readiness = { status: ready ? 'ok' : 'unavailable', checks: { database, migrations, dispatcher } };
  logChange(readiness, problems);
  return readiness;
}

async function migrationsState(problems: Record<string, string>): Promise<Readiness['checks']['migrations']> {
  try {
    const [expected, rows] = await Promise.all([
      migrationNames(),
      // Rolled-back rows are an audit trail, and a row without finished_at is a migration that failed midway.
      withTimeout(() => db().$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`),
    ]);
    const applied = new Set(rows.map((row) => row.migration_name));
    // Rows for migrations this build does not know are fine: a newer replica may have applied them.
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length > 0) problems.migrations = `not applied: ${pending.join(', ')}`;
    return pending.length === 0 ? 'ok' : 'pending';
  } catch (error) {
    problems.migrations = errorFields(error).error;
    return 'unknown';
  }
}

let migrationNamesCache: Promise<string[]> | null = null;

// The migrations this build ships do not change while it runs: read the folder once (again only after a failure).
function migrationNames(): Promise<string[]> {
  migrationNamesCache ??= readMigrationNames().catch((error: unknown) => {
    migrationNamesCache = null;
    throw error;
  });
  return migrationNamesCache;
}

async function readMigrationNames(): Promise<string[]> {
  const entries = await fs.readdir(defaultMigrationsDir(), { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  // Without the folder there is nothing to compare with, and start-up could not have migrated either.
  if (names.length === 0) throw new Error(`no migrations in ${defaultMigrationsDir()}`);
  return names;
}

function dispatcherCheck(): Readiness['checks']['dispatcher'] {
  const state = dispatcherState();
  if (state.status === 'running') return state.lastRoundFailed ? 'failing' : 'running';
  return state.status;
}

// `run` rather than a promise: a client that cannot even be created (no DATABASE_URL) fails the check, not the probe.
function withTimeout<T>(run: () => PromiseLike<T>): Promise<T> {
  const promise = Promise.resolve().then(run);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_TIMEOUT_MS} ms`)), DATABASE_TIMEOUT_MS);
  });
  // The losing query still settles later; its rejection is handled here rather than left unhandled.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let lastLogged: string | null = null;

// Probes come every few seconds: one line when the answer changes, not one per probe.
function logChange(readiness: Readiness, problems: Record<string, string>): void {
  const key = JSON.stringify(readiness);
  if (key === lastLogged) return;
  const first = lastLogged === null;
  lastLogged = key;
  if (readiness.status === 'ok') {
    if (!first) log().info({ checks: readiness.checks }, 'ready');
    return;
  }
  log().warn({ checks: readiness.checks, problems }, 'not ready');
}
