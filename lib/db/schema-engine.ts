import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQueryable,
  type SqlResultSet,
} from '@prisma/driver-adapter-utils';
import type {
  DiagnoseMigrationHistoryOutput,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { applyMigrations } from './migrate';

// Prisma's WebAssembly schema engine, driven through adapter-pg: the CLI's native engine cannot be downloaded
// everywhere we work. For scripts and tests only; the app applies migrations with lib/db/migrate.ts.

export interface EngineTarget {
  /** A database the engine may connect to and create throwaway shadow databases next to. */
  databaseUrl: string;
  schemaPath: string;
  migrationsDir: string;
}

export interface GeneratedMigration {
  /** Folder name the engine chose: `<yyyyMMddHHmmss>_<name>`. */
  directoryName: string;
  /** File name inside that folder, `migration.sql`. */
  fileName: string;
  script: string;
  /** The provider to write into migration_lock.toml. */
  provider: string;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** The next migration from the existing ones to schema.prisma, or null when there is nothing to change. */
export async function createMigration(target: EngineTarget & { name: string }): Promise<GeneratedMigration | null> {
  const schema = await readSchema(target.schemaPath);
  const migrationsList = await readMigrationsList(target.migrationsDir);
  // The Wasm engine's createMigration cannot open a shadow database itself: it reuses the migration history's
  // schema that diagnoseMigrationHistory computed, which that does only for a database that has a history. So we
  // give it one: a scratch database with the migrations applied, leaving the target's own database untouched.
  const result = await withScratchDatabase(target.databaseUrl, async (scratchUrl) => {
    await applyMigrations(scratchUrl, { migrationsDir: target.migrationsDir });
    return withEngine(scratchUrl, schema, async (engine) => {
      await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: true, filters: NO_FILTER });
      return engine.createMigration({ draft: false, migrationName: target.name, migrationsList,
        schema: { files: [schema] }, filters: NO_FILTER });
    });
  });
  if (result.migrationScript === null) return null;
  return {
    directoryName: result.generatedMigrationName,
    fileName: `migration.${result.extension}`,
    script: result.migrationScript,
    provider: result.connectorType,
  };
}

/** SQL that would bring a database built from the migrations up to schema.prisma; blank when they agree. */
export async function diffSchemaAgainstMigrations(target: EngineTarget): Promise<string> {
  const schema = await readSchema(target.schemaPath);
  const migrationsList = await readMigrationsList(target.migrationsDir);
  // With no migration yet (and so no migration_lock.toml) the engine cannot read the folder: start from nothing.
  const from = migrationsList.migrationDirectories.length === 0
    ? { tag: 'empty' as const }
    : { tag: 'migrations' as const, ...migrationsList };
  const result = await withEngine(target.databaseUrl, schema, (engine) =>
    engine.diff({ from, to: { tag: 'schemaDatamodel', files: [schema] },
      script: true, exitCode: null, filters: NO_FILTER }));
  const script = result.stdout ?? '';
  // The engine renders "no difference" as a comment-only script.
  return script.trim() === '-- This is an empty migration.' ? '' : script;
}

/** Prisma's own reading of a database's `_prisma_migrations` against the migrations folder. */
export async function diagnoseMigrationHistory(target: EngineTarget): Promise<DiagnoseMigrationHistoryOutput> {
  const schema = await readSchema(target.schemaPath);
  const migrationsList = await readMigrationsList(target.migrationsDir);
  return withEngine(target.databaseUrl, schema, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }));
}

async function withScratchDatabase<T>(databaseUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `prisma_migrate_scratch_${randomUUID().replaceAll('-', '')}`;
  const connection = connectionFields(databaseUrl);
  await adminQuery(connection, `CREATE DATABASE "${name}"`);
  try {
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await adminQuery(connection, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/** Connection fields one by one: see bug 2 on PgMigrationFactory. */
function connectionFields(databaseUrl: string): pg.ClientConfig {
  const url = new URL(databaseUrl);
  return {
    host: decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
  };
}

async function adminQuery(connection: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(connection);
  client.on('error', () => undefined); // the pending query fails too; unheard, 'error' would crash the process
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function readSchema(schemaPath: string) {
  return { path: path.resolve(schemaPath), content: await fs.readFile(schemaPath, 'utf8') };
}

/** The same list the Prisma CLI hands its engine. */
async function readMigrationsList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockfile = { path: 'migration_lock.toml', content: await readOrNull(path.join(baseDir, 'migration_lock.toml')) };
  const entries = await fs.readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const migrationDirectories = await Promise.all(folders.map(async (folder) => {
    const sql = await readOrNull(path.join(baseDir, folder, 'migration.sql'));
    const content = sql === null
      ? { tag: 'error' as const, value: `${folder}/migration.sql cannot be read` }
      : { tag: 'ok' as const, value: sql };
    return { path: folder, migrationFile: { path: 'migration.sql', content } };
  }));
  return { baseDir, lockfile, shadowDbInitScript: '', migrationDirectories };
}

async function readOrNull(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}

type EngineModule = typeof import('@prisma/schema-engine-wasm');

interface PanicRegistry {
  message: string;
  set_message(message: string): void;
}

let engineModule: Promise<EngineModule> | undefined;

/** wasm-bindgen's bundler target expects a bundler to link the .wasm; without one we instantiate it ourselves. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const registry = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };
    registry.PRISMA_WASM_PANIC_REGISTRY ??= {
      message: '',
      set_message(message: string) {
        this.message = `RuntimeError: ${message}`;
      },
    };
    const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const jsFile = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasm = await fs.readFile(path.join(path.dirname(jsFile), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm, {
      './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

async function withEngine<T>(databaseUrl: string, schema: { path: string; content: string },
  run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = new PgMigrationFactory(databaseUrl);
  const debug = process.env.DEBUG_SCHEMA_ENGINE === '1';
  const log = (line: string) => {
    if (debug) process.stderr.write(`${line}\n`);
  };
  try {
    const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, log,
      bindMigrationAwareSqlAdapterFactory(factory));
    try {
      return await run(engine);
    } finally {
      engine.free();
    }
  } catch (error) {
    throw engineError(error);
  } finally {
    await factory.disposeAll();
  }
}

function engineError(error: unknown): Error {
  const registry = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY;
  const panic = registry?.message;
  if (registry) registry.message = '';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  return new Error(`Prisma schema engine: ${panic || message}`, { cause: error });
}

/**
 * adapter-pg's own factory, with three of its 7.10.1 bugs worked around:
 * 1. it cannot read pg_catalog's `"char"` type (OID 18), which the engine's introspection selects (and PostgreSQL 18
 *    returns rows of, for NOT NULL constraints): we report it to adapter-pg as text and to the engine as a character;
 * 2. given a connection string, its shadow-database pool reconnects to the main database (pg lets
 *    `connectionString` win over `database`), so we pass the connection fields one by one;
 * 3. it drops the shadow database while its own pool still holds connections, so the drop fails; we end the pool
 *    first. Its executeScript also splits scripts on every `;`, breaking function bodies, so we send scripts whole.
 */
class PgMigrationFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly connection: pg.ClientConfig;
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(databaseUrl: string) {
    this.connection = connectionFields(databaseUrl);
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.adapterFor(this.connection.database!);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = `prisma_migrate_shadow_db_${randomUUID()}`;
    await this.admin(`CREATE DATABASE "${shadow}"`);
    return this.adapterFor(shadow, () => this.admin(`DROP DATABASE IF EXISTS "${shadow}" WITH (FORCE)`));
  }

  /** The engine does not always dispose what it opened; idle pools would keep the process alive. */
  async disposeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
  }

  private async adapterFor(database: string, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const adapter = withCharColumns(
      await new PrismaPg({ ...this.connection, database, Client: CharAsTextClient }).connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => withCharColumns(await startTransaction(isolationLevel));
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(error: unknown): never }).onError(error);
      }
    };
    const endPool = adapter.dispose.bind(adapter);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      this.open.delete(adapter);
      await endPool();
      await afterDispose?.();
    };
    this.open.add(adapter);
    return adapter;
  }

  private admin(sql: string): Promise<void> {
    return adminQuery(this.connection, sql);
  }
}

/** Lets adapter-pg read pg_catalog's internal `"char"` type (OID 18) by reporting it as text; see restoreChar. */
class CharAsTextClient extends pg.Client {
  // `any`: one catch-all signature has to satisfy all of pg's overloads; arguments and results pass through.
  override query(...args: any[]): any {
    const query = super.query as (...queryArgs: unknown[]) => unknown;
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: Error | null, result: unknown) => void;
      args[last] = (error: Error | null, result: unknown) => callback(error, relabelChar(result));
      return query.apply(this, args);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) return result.then(relabelChar);
    return result;
  }
}

const CHAR_OID = 18;
const TEXT_OID = 25;
/** Which columns of a result were `"char"`, keyed by the rows array that adapter-pg passes through unchanged. */
const charColumns = new WeakMap<object, number[]>();

function relabelChar(result: unknown): unknown {
  for (const single of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (single ?? {}) as Partial<pg.QueryResult>;
    const indexes: number[] = [];
    fields?.forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    });
    if (rows && indexes.length > 0) charColumns.set(rows, indexes);
  }
  return result;
}

/** The engine reads `"char"` values (e.g. pg_constraint.contype) as characters and panics on text. */
function restoreChar(resultSet: SqlResultSet): SqlResultSet {
  for (const index of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
  return resultSet;
}

function withCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => restoreChar(await queryRaw(query));
  return queryable;
}
