import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { applyMigrations, migrationChecksum, readMigrationScripts } from './migrate';
import { diagnoseMigrationHistory } from './schema-engine';

const serverUrl = inject('databaseUrl');
const projectMigrations = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const projectSchema = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database of its own on the shared test server, dropped after the file. */
async function freshDatabase(): Promise<string> {
  const name = `migrate_test_${randomUUID().replaceAll('-', '')}`;
  await query(serverUrl, `CREATE DATABASE ${name}`);
  cleanups.push(() => query(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`).then(() => undefined));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A migrations folder in a temp dir, written from `{ name: sql }`. */
async function migrationsFolder(migrations: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'migrations-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  await writeMigrations(dir, migrations);
  return dir;
}

async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(migrations)) {
    await fs.mkdir(path.join(dir, name), { recursive: true });
    await fs.writeFile(path.join(dir, name, 'migration.sql'), sql);
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

function history(url: string): Promise<HistoryRow[]> {
  return query<HistoryRow>(url, `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
    FROM _prisma_migrations ORDER BY started_at, migration_name`);
}

const FIRST = { '20000101000000_first': 'CREATE TABLE a (id integer PRIMARY KEY);\n' };
const SECOND = { '20000101000001_second': 'CREATE TABLE b (id integer PRIMARY KEY, a_id integer REFERENCES a (id));\n' };
// Semicolons inside a function body: the script must reach PostgreSQL whole, not split on `;`.
const THIRD = {
  '20000101000002_third': `ALTER TABLE a ADD COLUMN note text;
CREATE FUNCTION a_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM a);
END;
$$;
`,
};

test('test workers see the database from globalSetup', () => {
  expect(serverUrl).toMatch(/^postgresql:\/\//);
  expect(process.env.DATABASE_URL).toBe(serverUrl);
});

test('checksums are the ones Prisma records', () => {
  // Prisma's own test vector (schema-connector checksum.rs).
  expect(migrationChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
});

describe('the project migrations', () => {
  test('apply on an empty database, and a second run applies none', async () => {
    const url = await freshDatabase();
    const scripts = await readMigrationScripts(projectMigrations);
    expect(scripts.length).toBeGreaterThan(0);

    expect(await applyMigrations(url, { migrationsDir: projectMigrations })).toEqual({ applied: scripts.map((s) => s.name) });
    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(scripts.map((s) => s.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrationChecksum(scripts[i]!.sql));
      expect(row).toMatchObject({ rolled_back_at: null, applied_steps_count: 1, logs: null });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    expect(await query(url, 'SELECT count(*) FROM "Tenant"')).toEqual([{ count: '0' }]);

    expect(await applyMigrations(url, { migrationsDir: projectMigrations })).toEqual({ applied: [] });
    expect(await history(url)).toHaveLength(scripts.length);
  });

  test("leave a history Prisma's engine reads as its own: nothing edited, failed or pending", async () => {
    const url = await freshDatabase();
    await applyMigrations(url, { migrationsDir: projectMigrations });
    const diagnosis = await diagnoseMigrationHistory({ databaseUrl: url, schemaPath: projectSchema,
      migrationsDir: projectMigrations });
    expect(diagnosis).toMatchObject({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true,
      history: null });
  });
});

test('applies only the pending migrations, in name order', async () => {
  const url = await freshDatabase();
  const dir = await migrationsFolder({ ...SECOND, ...FIRST });
  expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: Object.keys({ ...FIRST, ...SECOND }) });

  await writeMigrations(dir, THIRD);
  expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: Object.keys(THIRD) });
  expect(await query(url, 'SELECT a_count() AS n')).toEqual([{ n: '0' }]);
});

test('refuses a migration edited after it was applied, but not a change of line endings', async () => {
  const url = await freshDatabase();
  const dir = await migrationsFolder({ ...FIRST, ...SECOND });
  await applyMigrations(url, { migrationsDir: dir });
  const firstFile = path.join(dir, Object.keys(FIRST)[0]!, 'migration.sql');

  await fs.writeFile(firstFile, Object.values(FIRST)[0]!.replaceAll('\n', '\r\n'));
  expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: [] });

  await fs.writeFile(firstFile, 'CREATE TABLE a (id bigint PRIMARY KEY);\n');
  await writeMigrations(dir, THIRD);
  await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20000101000000_first changed after/);
  expect((await history(url)).map((r) => r.migration_name)).not.toContain(Object.keys(THIRD)[0]);
});

test('refuses to run while a recorded migration failed', async () => {
  const url = await freshDatabase();
  const dir = await migrationsFolder({ ...FIRST, ...SECOND });
  await applyMigrations(url, { migrationsDir: dir });
  await query(url, "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '20000101000001_second'");
  await writeMigrations(dir, THIRD);

  await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20000101000001_second failed/);
  expect(await query(url, "SELECT to_regproc('a_count') AS f")).toEqual([{ f: null }]);
});

test('rolls a failing migration back whole, records it as rolled back, and applies it once fixed', async () => {
  const url = await freshDatabase();
  const broken = { '20000101000001_broken': 'CREATE TABLE c (id integer);\nSELECT * FROM no_such_table;\n' };
  const dir = await migrationsFolder({ ...FIRST, ...broken });

  await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(/20000101000001_broken failed .*no_such_table/);
  expect(await query(url, "SELECT to_regclass('c') AS t")).toEqual([{ t: null }]);
  const rows = await history(url);
  expect(rows.map((r) => [r.migration_name, r.finished_at === null, r.rolled_back_at === null])).toEqual([
    ['20000101000000_first', false, true],
    ['20000101000001_broken', true, false],
  ]);
  expect(rows[1]!.logs).toMatch(/no_such_table/);

  await writeMigrations(dir, { '20000101000001_broken': 'CREATE TABLE c (id integer);\n' });
  expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: ['20000101000001_broken'] });
});

test('two processes starting at once apply each migration exactly once', async () => {
  const url = await freshDatabase();
  // The sleep keeps the first runner inside its lock while the second one arrives.
  const slow = { '20000101000000_first': 'SELECT pg_sleep(0.3);\nCREATE TABLE a (id integer PRIMARY KEY);\n' };
  const dir = await migrationsFolder({ ...slow, ...SECOND, ...THIRD });
  const all = Object.keys({ ...slow, ...SECOND, ...THIRD });

  const runs = await Promise.all([applyMigrations(url, { migrationsDir: dir }), applyMigrations(url, { migrationsDir: dir })]);
  expect(runs.flatMap((run) => run.applied).sort()).toEqual(all);
  expect((await history(url)).map((r) => r.migration_name)).toEqual(all);
});
