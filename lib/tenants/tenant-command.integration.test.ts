import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCredentials } from '@/lib/auth/credentials';
import { db } from '@/lib/db/client';

// `npm run tenant` as an operator runs it: a real process, its exit code and what it prints.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const folders: string[] = [];
afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

type Env = Record<string, string | undefined>;
function tenant(args: string[], env: Env = { DATABASE_URL: process.env.DATABASE_URL }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const { DATABASE_URL: _inherited, DATA_DIR: _dir, ...base } = process.env;
    execFile(TSX, ['scripts/tenant.ts', ...args], { cwd: ROOT, env: { ...base, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// As root, the embedded PostgreSQL runs as `postgres`, which must be able to enter the folder.
async function dataDir() {
  const folder = await mkdtemp('/tmp/tenant-cli-');
  await chmod(folder, 0o755);
  folders.push(folder);
  return folder;
}

describe('npm run tenant', () => {
  it('creates a tenant whose administrator signs in with the password printed once, then lists and updates it', async () => {
    const adminEmail = `soc-${randomUUID()}@fabrikam.com`;
    const created = await tenant(['create', '--name', 'Fabrikam', '--admin-email', adminEmail, '--language', 'nl']);
    expect(created).toMatchObject({ code: 0, stderr: 'Database: DATABASE_URL\n' });
    const password = /password: (\S+) {3}\(shown only this once\)/.exec(created.stdout)?.[1];
    const id = /id: +(\S+)/.exec(created.stdout)?.[1];
    expect(await checkCredentials(adminEmail, password!, null)).toMatchObject({ status: 'ok' });

    const listed = await tenant(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}  Fabrikam +- +nl +BASIC +1$`, 'm'));

    const updated = await tenant(['update', id!, '--permissions-model', 'RBAC', '--name', 'Fabrikam EU']);
    expect(updated.code).toBe(0);
    expect(await db().tenant.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Fabrikam EU', permissionsModel: 'RBAC' });
  });

  it('exits 2 with one line on bad input, changing nothing', async () => {
    const before = await db().tenant.count();
    const attempts = [
      ['create', '--name', 'Fabrikam', '--admin-email', `x-${randomUUID()}@fabrikam.com`, '--microsoft-tenant-id', 'fabrikam.onmicrosoft.com'],
      ['create', '--name', 'Fabrikam'],
      ['update', randomUUID(), '--language', 'de'],
      ['rename'],
    ];
    const results = await Promise.all(attempts.map((args) => tenant(args)));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.replace(/^Database: .*\n/, '').trimEnd().split('\n')).toHaveLength(1);
    }
    expect(results[0].stderr).toContain('--microsoft-tenant-id must be a GUID');
    expect(results[2].stderr).toContain('--language must be one of en, nl');
    expect(await db().tenant.count()).toBe(before);
    expect((await tenant(['--help'])).stdout).toContain('Usage: npm run tenant');
  });

  it('without DATABASE_URL uses the database named in DATA_DIR/runtime.json, else starts the embedded one', async () => {
    const withApp = await dataDir();
    await writeFile(path.join(withApp, 'runtime.json'), JSON.stringify({ databaseUrl: process.env.DATABASE_URL, port: 3000, pid: process.pid }));
    const viaFile = await tenant(['list'], { DATA_DIR: withApp });
    expect(viaFile).toMatchObject({ code: 0, stderr: `Database: the app's database (${path.join(withApp, 'runtime.json')})\n` });

    const fresh = await dataDir();
    const embedded = await tenant(['list'], { DATA_DIR: fresh });
    expect(embedded).toMatchObject({ code: 0, stderr: `Database: embedded PostgreSQL under ${fresh}\n` });
    expect(embedded.stdout).toContain('No tenants yet');

    // A runtime.json naming a database that is gone and is not this folder's embedded one: refused, not replaced.
    await writeFile(path.join(withApp, 'runtime.json'), JSON.stringify({ databaseUrl: 'postgresql://app:x@127.0.0.1:1/app' }));
    const gone = await tenant(['list'], { DATA_DIR: withApp });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('does not answer');
  });
});
