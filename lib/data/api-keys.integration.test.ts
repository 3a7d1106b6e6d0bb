import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { db } from '@/lib/db/client';
import {
  authenticateApiKey,
  createApiKey,
  ensureBootstrapApiKey,
  listApiKeys,
  revokeApiKey,
} from '@/lib/data/api-keys';
import { createWorld } from '@/lib/incidents/fixtures/world';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('integration keys', () => {
  it('creates a key shown once, stored only as its SHA-256, and audited', async () => {
    const { tenant, ctx } = await createWorld();
    const created = await createApiKey(ctx, 'Sentinel playbook');
    expect(created.key).toMatch(/^imk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ tenantId: tenant.id, name: 'Sentinel playbook', keyHash: sha256(created.key), createdBy: ctx.userEmail });
    expect(JSON.stringify(row)).not.toContain(created.key);
    const audit = await db().auditEntry.findMany({ where: { targetId: created.id } });
    expect(audit).toMatchObject([{ action: 'apiKey.created', actorId: ctx.userId, after: { name: 'Sentinel playbook', prefix: created.prefix } }]);
    expect(JSON.stringify(audit)).not.toContain(created.key);
  });

  it('lists and revokes only the caller’s own tenant’s keys; revoking twice is audited once', async () => {
    const own = await createWorld();
    const other = await createWorld();
    const mine = await createApiKey(own.ctx, 'Mine');
    const theirs = await createApiKey(other.ctx, 'Theirs');
    expect((await listApiKeys(own.ctx)).map((k) => k.name)).toEqual(['Mine']);
    await expect(revokeApiKey(own.ctx, theirs.id)).rejects.toMatchObject({ key: 'notFound' });
    expect(await authenticateApiKey(theirs.key)).toEqual({ tenantId: other.tenant.id, keyId: theirs.id, prefix: theirs.prefix, scopes: ['incidents:write'] });

    expect(await authenticateApiKey(mine.key)).toEqual({ tenantId: own.tenant.id, keyId: mine.id, prefix: mine.prefix, scopes: ['incidents:write'] });
    await revokeApiKey(own.ctx, mine.id);
    await revokeApiKey(own.ctx, mine.id);
    expect(await authenticateApiKey(mine.key)).toBeNull();
    expect((await listApiKeys(own.ctx))[0].revokedAt).not.toBeNull();
    expect(await db().auditEntry.count({ where: { targetId: mine.id, action: 'apiKey.revoked' } })).toBe(1);
  });

  it('authenticates nothing for missing, unknown or absurd keys', async () => {
    expect(await authenticateApiKey(null)).toBeNull();
    expect(await authenticateApiKey('')).toBeNull();
    expect(await authenticateApiKey('imk_not-a-key')).toBeNull();
    expect(await authenticateApiKey('x'.repeat(10_000))).toBeNull();
  });

  it('bootstraps INCIDENTS_API_KEY once, and leaves a revoked bootstrap key revoked', async () => {
    const { tenant, ctx } = await createWorld();
    const raw = `bootstrap-${tenant.id}`;
    expect(await ensureBootstrapApiKey(db(), tenant.id, raw)).toEqual({ created: true });
    expect(await ensureBootstrapApiKey(db(), tenant.id, raw)).toEqual({ created: false });
    const rows = await db().apiKey.findMany({ where: { tenantId: tenant.id } });
    expect(rows).toMatchObject([{ name: 'INCIDENTS_API_KEY', keyHash: sha256(raw), prefix: 'boot', createdBy: 'system:bootstrap' }]);
    expect(await db().auditEntry.count({ where: { targetId: rows[0].id, actorEmail: 'system:bootstrap' } })).toBe(1);
    expect(await authenticateApiKey(raw)).toMatchObject({ tenantId: tenant.id });

    await revokeApiKey(ctx, rows[0].id);
    expect(await ensureBootstrapApiKey(db(), tenant.id, raw)).toEqual({ created: false });
    expect(await authenticateApiKey(raw)).toBeNull();
    await expect(ensureBootstrapApiKey(db(), tenant.id, 'short')).rejects.toThrow(/INCIDENTS_API_KEY/);
  });
});
