import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { applyMigrations } from './migrate';

// The sink_email_tenant migration gives emails already in the sink the tenant of the delivery their
// `delivery_id` tag names, so an upgrade does not hide them; the others get no tenant.

const MIGRATION = '20261123153131_sink_email_tenant';
const serverUrl = inject('databaseUrl');
const projectMigrations = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

test('existing sink emails get the tenant of the delivery they name, or none', async () => {
  const name = `sink_backfill_${randomUUID().replaceAll('-', '')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  cleanups.push(() => withClient(serverUrl, (client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`)).then(() => undefined));
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();

  // The database as it was before the migration.
  const before = await fs.mkdtemp(path.join(os.tmpdir(), 'migrations-before-'));
  cleanups.push(() => fs.rm(before, { recursive: true, force: true }));
  await fs.cp(projectMigrations, before, { recursive: true, filter: (source) => !source.includes(MIGRATION) });
  await applyMigrations(url, { migrationsDir: before });

  const tenantId = randomUUID();
  const deliveryId = randomUUID();
  const emails = {
    known: [{ name: 'category', value: 'incident_notification' }, { name: 'delivery_id', value: deliveryId }],
    unknown: [{ name: 'delivery_id', value: randomUUID() }],
    untagged: [],
  };
  await withClient(url, async (client) => {
    await client.query(`INSERT INTO "Tenant" ("id", "name") VALUES ($1, 'Contoso')`, [tenantId]);
    await client.query(
      `INSERT INTO "Delivery" ("id", "tenantId", "kind", "recipientEmail", "language", "includeOrganizationName", "includeTenantPortalLink", "updatedAt")
       VALUES ($1, $2, 'test', 'soc@contoso.com', 'en', false, false, now())`,
      [deliveryId, tenantId],
    );
    for (const [subject, tags] of Object.entries(emails)) {
      await client.query(
        `INSERT INTO "SinkEmail" ("id", "fromAddress", "to", "subject", "html", "tags") VALUES ($1, 'a@localhost', '{soc@contoso.com}', $2, '', $3)`,
        [randomUUID(), subject, JSON.stringify(tags)],
      );
    }
  });

  expect(await applyMigrations(url, { migrationsDir: projectMigrations })).toEqual({ applied: [MIGRATION] });
  const rows = await withClient(url, async (client) => (await client.query(`SELECT "subject", "tenantId" FROM "SinkEmail" ORDER BY "subject"`)).rows);
  expect(rows).toEqual([
    { subject: 'known', tenantId },
    { subject: 'unknown', tenantId: null },
    { subject: 'untagged', tenantId: null },
  ]);
});
