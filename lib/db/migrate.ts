import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

// Does what `prisma migrate deploy` does, with the same bookkeeping, so either can run against the same database.

export interface MigrationScript {
  /** Folder name, e.g. `20261123120000_init`. */
  name: string;
  sql: string;
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** The key `prisma migrate` locks with, so our runs and Prisma's exclude each other too. */
const PRISMA_MIGRATE_LOCK = 72707369;
const LOCK_TIMEOUT = '60s';

// Prisma's own DDL for its history table (sql-schema-connector, PostgreSQL flavour).
const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), 'prisma', 'migrations');
}

/** Applies the pending `<migrationsDir>/<name>/migration.sql` files in name order, each in its own transaction. */
export async function applyMigrations(
  databaseUrl: string,
  { migrationsDir = defaultMigrationsDir() }: { migrationsDir?: string } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrationScripts(migrationsDir);
  if (migrations.length === 0) return { applied: [] };

  const client = new pg.Client({ connectionString: databaseUrl });
  // A lost connection also fails the pending query; unheard, its 'error' event would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    // Usual case at start-up: everything is applied, and no lock is needed to see that.
    if (pendingMigrations(migrations, await readHistory(client)).length === 0) return { applied: [] };

    await lock(client);
    try {
      await client.query(CREATE_HISTORY_TABLE);
      // Decide again under the lock: another process may have applied them meanwhile.
      const applied: string[] = [];
      for (const migration of pendingMigrations(migrations, await readHistory(client))) {
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

export async function readMigrationScripts(migrationsDir: string): Promise<MigrationScript[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(names.map(async (name) => {
    const file = path.join(migrationsDir, name, 'migration.sql');
    const sql = await fs.readFile(file, 'utf8').catch((error: unknown) => {
      throw new Error(`Migration ${name} has no readable migration.sql (${file})`, { cause: error });
    });
    return { name, sql };
  }));
}

/** The checksum Prisma records: lower-case hex SHA-256 of the script. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Prisma's comparison: blind to CRLF/LF conversions (git), and to old unpadded checksums (prisma-engines#1887). */
function checksumMatches(sql: string, recorded: string): boolean {
  const variants = [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered = recorded.length === 64 ? digest.toString('hex') : [...digest].map((b) => b.toString(16)).join('');
    return rendered === recorded;
  });
}

function pendingMigrations(migrations: MigrationScript[], history: HistoryRow[]): MigrationScript[] {
  // Rolled-back rows are an audit trail only, as for Prisma.
  const live = history.filter((row) => row.rolled_back_at === null);
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  if (failed.length > 0) {
    throw new Error(`Refusing to migrate: migration ${failed.join(', ')} failed earlier and is recorded as failed in ` +
      '_prisma_migrations. Repair the database by hand, then mark it rolled back ' +
      '(`prisma migrate resolve --rolled-back <name>`, or set rolled_back_at on its row).');
  }
  const recorded = new Map(live.map((row) => [row.migration_name, row.checksum]));
  const edited = migrations.filter((m) => recorded.has(m.name) && !checksumMatches(m.sql, recorded.get(m.name)!));
  if (edited.length > 0) {
    throw new Error(`Refusing to migrate: ${edited.map((m) => m.name).join(', ')} changed after being applied ` +
      '(checksum differs from _prisma_migrations). Restore the applied version and put changes in a new migration.');
  }
  return migrations.filter((m) => !recorded.has(m.name));
}

async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
  const table = await client.query<{ exists: boolean }>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists");
  if (!table.rows[0]?.exists) return [];
  const result = await client.query<HistoryRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at');
  return result.rows;
}

async function lock(client: pg.Client): Promise<void> {
  await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error;
    throw new Error(`Timed out after ${LOCK_TIMEOUT} waiting for the migration lock (pg_advisory_lock ` +
      `${PRISMA_MIGRATE_LOCK}): another process is applying migrations, or a stuck session holds it.`, { cause: error });
  } finally {
    await client.query('SET lock_timeout = DEFAULT');
  }
}

async function applyOne(client: pg.Client, migration: MigrationScript): Promise<void> {
  const id = randomUUID();
  const checksum = migrationChecksum(migration.sql);
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`, [id, checksum, migration.name]);
    // No parameters: the simple query protocol runs a multi-statement script.
    await client.query(migration.sql);
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    // Nothing of it stayed (one transaction), so record it as rolled back: an audit trail that blocks nothing.
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, rolled_back_at)
       VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp())`,
      [id, checksum, migration.name, message]).catch(() => undefined);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
  }
}
