// No `import 'server-only'`: the start script (plain Node, not Next) imports ensureBootstrapApiKey, and
// the `server-only` package throws outside Next's server bundle. Nothing here is reachable from a client
// component anyway: it needs the database client and node:crypto.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { db, type Db, type Tx } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { notFound } from '@/lib/safe-error';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES, type ApiKeyScope } from '@/lib/validation/api-key';

// Integration keys for POST /api/incidents. A key is 256 random bits, shown once; only its SHA-256 is
// stored (a slow KDF adds nothing against a 256-bit secret), plus a short prefix to tell keys apart.

const KEY_PREFIX = 'imk_';
const SIGNING_SECRET_PREFIX = 'imsig_';
const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 8;
// Keys longer than this are not ours: refuse before hashing attacker-sized input.
const MAX_KEY_LENGTH = 512;
// An operator-chosen bootstrap key shorter than this is too guessable to expose to the network.
export const MIN_BOOTSTRAP_KEY_LENGTH = 16;
// lastUsedAt is informational: writing it on every request would turn each ingest into two writes.
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  // Whether requests with the key must be signed. The secret itself never leaves the data layer.
  signing: boolean;
  scopes: ApiKeyScope[];
};

// Unknown strings in the column (a scope since removed) grant nothing.
const knownScopes = (scopes: readonly string[]): ApiKeyScope[] =>
  API_KEY_SCOPES.filter((scope) => scopes.includes(scope));

export const hashApiKey = (rawKey: string) => createHash('sha256').update(rawKey, 'utf8').digest('hex');
const displayPrefix = (rawKey: string) => rawKey.slice(0, DISPLAY_PREFIX_LENGTH);

export async function createApiKey(
  ctx: TenantContext,
  name: string,
  requestedScopes: readonly ApiKeyScope[] = DEFAULT_API_KEY_SCOPES,
): Promise<{ id: string; key: string; prefix: string }> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const prefix = displayPrefix(key);
  const scopes = knownScopes(requestedScopes);
  return db().$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { tenantId: ctx.tenantId, name, prefix, keyHash: hashApiKey(key), createdBy: ctx.userEmail, scopes },
      select: { id: true },
    });
    await writeAudit(tx, ctx, {
      action: 'apiKey.created',
      targetType: 'apiKey',
      targetId: row.id,
      targetName: name,
      before: null,
      after: { name, prefix, scopes },
    });
    return { id: row.id, key, prefix };
  });
}

export async function listApiKeys(ctx: TenantContext): Promise<ApiKeyView[]> {
  const rows = await db().apiKey.findMany({
    where: { tenantId: ctx.tenantId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    signing: row.signingSecret !== null,
    scopes: knownScopes(row.scopes),
  }));
}

// Revoking twice is not an error (two admins clicking at once), and is audited once.
export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "ApiKey" WHERE "id" = ${id}::uuid AND "tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
    const key = await tx.apiKey.findFirst({ where: { id, tenantId: ctx.tenantId } });
    if (!key) throw notFound();
    if (key.revokedAt) return;
    const revokedAt = new Date();
    await tx.apiKey.update({ where: { id_tenantId: { id, tenantId: ctx.tenantId } }, data: { revokedAt } });
    await writeAudit(tx, ctx, {
      action: 'apiKey.revoked',
      targetType: 'apiKey',
      targetId: id,
      targetName: key.name,
      before: { revokedAt: null },
      after: { revokedAt: revokedAt.toISOString() },
    });
  });
  forgetCachedKey(id);
}

// Turns on request signing for a key, or replaces its secret: from now on every request with the key must
// carry a valid X-Signature. The secret is returned once, like the key itself; the audit never holds it.
export async function enableApiKeySigning(ctx: TenantContext, id: string): Promise<{ secret: string }> {
  const secret = SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64url');
  const result = await db().$transaction(async (tx) => {
    const key = await lockedKey(tx, ctx, id);
    await tx.apiKey.update({ where: { id_tenantId: { id, tenantId: ctx.tenantId } }, data: { signingSecret: secret } });
    await writeAudit(tx, ctx, {
      action: key.signingSecret ? 'apiKey.signingSecretRotated' : 'apiKey.signingEnabled',
      targetType: 'apiKey',
      targetId: id,
      targetName: key.name,
      before: { signing: key.signingSecret !== null },
      after: { signing: true },
    });
    return { secret };
  });
  forgetCachedKey(id);
  return result;
}

// Unsigned requests with the key are accepted again. Disabling twice is not an error, and is audited once.
export async function disableApiKeySigning(ctx: TenantContext, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const key = await lockedKey(tx, ctx, id);
    if (key.signingSecret === null) return;
    await tx.apiKey.update({ where: { id_tenantId: { id, tenantId: ctx.tenantId } }, data: { signingSecret: null } });
    await writeAudit(tx, ctx, {
      action: 'apiKey.signingDisabled',
      targetType: 'apiKey',
      targetId: id,
      targetName: key.name,
      before: { signing: true },
      after: { signing: false },
    });
  });
  forgetCachedKey(id);
}

// A revoked key accepts nothing, so changing its signing is refused as if it did not exist.
async function lockedKey(tx: Tx, ctx: TenantContext, id: string) {
  await tx.$queryRaw`SELECT 1 FROM "ApiKey" WHERE "id" = ${id}::uuid AND "tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
  const key = await tx.apiKey.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!key || key.revokedAt) throw notFound();
  return key;
}

// The tenant a presented key belongs to, or null for a missing, unknown or revoked key (the caller
// answers all three alike). Database errors propagate: "cannot check now" is not "not authorised".
// `signingSecret` is present only for a key that requires signed requests.
// Keys are looked up at most once per second per process: a busy integration posts many times a second,
// and each lookup was a query of its own. A revoked key (or a changed signing secret) is therefore refused
// (or required) everywhere within a second; in the process that made the change, at once.
const KEY_CACHE_TTL_MS = 1_000;
const KEY_CACHE_MAX = 1_000;
type KeyRow = {
  id: string;
  tenantId: string;
  prefix: string;
  keyHash: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  signingSecret: string | null;
  scopes: string[];
};
// On globalThis: Next bundles route handlers and server actions separately, and a revocation made by an
// action must reach the cache the ingest route reads.
const globalCache = globalThis as unknown as { incidentMailKeyCache?: Map<string, { row: KeyRow; until: number }> };
const keyCache = (globalCache.incidentMailKeyCache ??= new Map());

async function findKey(client: Db, presented: string, now: number): Promise<KeyRow | null> {
  const cached = keyCache.get(presented);
  if (cached && cached.until > now) return cached.row;
  const row = await client.apiKey.findUnique({
    where: { keyHash: presented },
    select: { id: true, tenantId: true, prefix: true, keyHash: true, revokedAt: true, lastUsedAt: true, signingSecret: true, scopes: true },
  });
  // Only known keys are kept: unknown ones, which anyone can make up, must not fill the cache.
  keyCache.delete(presented);
  if (row) keyCache.set(presented, { row, until: now + KEY_CACHE_TTL_MS });
  if (keyCache.size > KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
  return row;
}

function forgetCachedKey(id: string): void {
  for (const [hash, entry] of keyCache) if (entry.row.id === id) keyCache.delete(hash);
}

export type ApiKeyPrincipal = {
  tenantId: string;
  keyId: string;
  prefix: string;
  scopes: ApiKeyScope[];
  signingSecret?: string;
};

export async function authenticateApiKey(
  rawKey: string | null | undefined,
  client: Db = db(),
  now: Date = new Date(),
): Promise<ApiKeyPrincipal | null> {
  if (!rawKey || rawKey.length > MAX_KEY_LENGTH) return null;
  const presented = hashApiKey(rawKey);
  const key = await findKey(client, presented, Date.now());
  // The lookup is by hash; the compare is constant-time anyway, so no code path times a secret.
  if (!key || !timingSafeEqual(Buffer.from(key.keyHash, 'hex'), Buffer.from(presented, 'hex')) || key.revokedAt) {
    return null;
  }
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests of the same minute write the row once between them.
    key.lastUsedAt = now;
    await client.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  const principal = { tenantId: key.tenantId, keyId: key.id, prefix: key.prefix, scopes: knownScopes(key.scopes) };
  return key.signingSecret === null ? principal : { ...principal, signingSecret: key.signingSecret };
}

// Records a signature as used; false when it already was (a replay). skipDuplicates is INSERT … ON CONFLICT
// DO NOTHING, so two concurrent deliveries of one signature cannot both win. Expired records are dropped on
// the way: their timestamps are refused anyway, so they need not be kept.
export async function claimSignature(client: Db, keyId: string, signature: string, expiresAt: Date, now: Date): Promise<boolean> {
  await client.seenSignature.deleteMany({ where: { expiresAt: { lt: now } } });
  const { count } = await client.seenSignature.createMany({ data: [{ keyId, signature, expiresAt }], skipDuplicates: true });
  return count === 1;
}

// Gives a claimed signature back when its request stored nothing (database unavailable, unexpected error),
// so the sender's retry of the very same request is not mistaken for a replay.
export async function releaseSignature(client: Db, keyId: string, signature: string): Promise<void> {
  await client.seenSignature.deleteMany({ where: { keyId, signature } });
}

// Registers INCIDENTS_API_KEY for automation, at start. Idempotent: a key with that hash, even a revoked
// one, is left alone, so an administrator's revocation survives restarts with the old value still set.
export async function ensureBootstrapApiKey(client: Db | Tx, tenantId: string, rawKey: string): Promise<{ created: boolean }> {
  const key = rawKey.trim();
  if (key.length < MIN_BOOTSTRAP_KEY_LENGTH || key.length > MAX_KEY_LENGTH) {
    throw new Error(`INCIDENTS_API_KEY must be ${MIN_BOOTSTRAP_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters long.`);
  }
  // An operator's key may be short: show less of it than of a generated one.
  const prefix = key.slice(0, 4);
  const created = await client.apiKey.createManyAndReturn({
    data: [{ tenantId, name: 'INCIDENTS_API_KEY', prefix, keyHash: hashApiKey(key), createdBy: 'system:bootstrap' }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (created.length === 0) return { created: false };
  await client.auditEntry.create({
    data: {
      tenantId,
      actorId: null,
      actorEmail: 'system:bootstrap',
      action: 'apiKey.created',
      targetType: 'apiKey',
      targetId: created[0].id,
      targetName: 'INCIDENTS_API_KEY',
      after: { name: 'INCIDENTS_API_KEY', prefix },
    },
  });
  return { created: true };
}
