import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject, test } from 'vitest';
import { diffSchemaAgainstMigrations } from './schema-engine';

// Fails when prisma/schema.prisma changed without a migration (or a migration was edited by hand into
// something the schema does not describe). Fix: `npm run db:migrate:create -- <name>`.

const databaseUrl = inject('databaseUrl');
const schemaPath = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

test('prisma/migrations builds exactly the database schema.prisma describes', async () => {
  const diff = await diffSchemaAgainstMigrations({ databaseUrl, schemaPath, migrationsDir });
  expect(diff.trim(), 'schema.prisma differs from prisma/migrations: run `npm run db:migrate:create -- <name>`')
    .toBe('');
});

test('the check catches a schema change that has no migration', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-'));
  tempDirs.push(dir);
  const changedSchema = path.join(dir, 'schema.prisma');
  const schema = await fs.readFile(schemaPath, 'utf8');
  await fs.writeFile(changedSchema, `${schema}\nmodel DriftProbe {\n  id String @id\n}\n`);

  const diff = await diffSchemaAgainstMigrations({ databaseUrl, schemaPath: changedSchema, migrationsDir });
  expect(diff).toMatch(/CREATE TABLE "DriftProbe"/);
});

test('the check replays hand-written migrations whole, semicolons in function bodies included', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'drift-'));
  tempDirs.push(dir);
  await fs.cp(migrationsDir, dir, { recursive: true });
  await fs.mkdir(path.join(dir, '29991231235959_function'));
  await fs.writeFile(path.join(dir, '29991231235959_function', 'migration.sql'),
    'CREATE FUNCTION tenant_count() RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM "Tenant");\nEND;\n$$;\n');

  expect((await diffSchemaAgainstMigrations({ databaseUrl, schemaPath, migrationsDir: dir })).trim()).toBe('');
});
