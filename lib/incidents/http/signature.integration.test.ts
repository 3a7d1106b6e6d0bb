import { failingRawStatement } from '@/lib/test/failing-client';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, type Db } from '@/lib/db/client';
import { Prisma } from '@/lib/generated/prisma/client';
import { createApiKey, disableApiKeySigning, enableApiKeySigning, revokeApiKey } from '@/lib/data/api-keys';
import { handleIncidentsPost } from '@/lib/incidents/http/handle-post';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// Signed requests through the POST /api/incidents handler, against the real database.

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
let signing: { id: string; key: string; secret: string };
let plainKey: string;

beforeAll(async () => {
  world = await createWorld();
  await addRule(world.ctx);
  const created = await createApiKey(world.ctx, 'Signed connector');
  signing = { ...created, ...(await enableApiKeySigning(world.ctx, created.id)) };
  plainKey = (await createApiKey(world.ctx, 'Unsigned connector')).key;
});

const unixNow = () => Math.floor(Date.now() / 1000);
const sign = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
const bodyFor = (externalId: string) => JSON.stringify(nativeIncident(externalId));
const incidentsNamed = (externalId: string) => db().incident.count({ where: { externalId, tenantId: world.tenant.id } });

function post(body: string, key: string, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  if (signature !== undefined) headers['x-signature'] = signature;
  return new Request('http://localhost/api/incidents', { method: 'POST', body, headers });
}
const send = (request: Request, client: () => Db = db) => handleIncidentsPost(request, { client });
const signedPost = (body: string, t = unixNow(), secret = signing.secret) => post(body, signing.key, `t=${t},v1=${sign(secret, t, body)}`);

async function expectGenericUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe('Bearer');
  expect(await response.json()).toEqual({ error: 'unauthorized', message: 'A valid integration key is required.' });
}

describe('POST /api/incidents with a signing key', () => {
  it('accepts a signed request, and refuses the very same request replayed', async () => {
    const request = signedPost(bodyFor('signed-1'));
    const replay = request.clone();
    const response = await send(request);
    expect(response.status).toBe(202);
    expect(await incidentsNamed('signed-1')).toBe(1);
    const seen = await db().seenSignature.findMany({ where: { keyId: signing.id } });
    expect(seen.map((row) => row.signature)).toContain(request.headers.get('x-signature')!.split('v1=')[1]);

    await expectGenericUnauthorized(await send(replay));
    expect(await db().incidentEvent.count({ where: { incident: { externalId: 'signed-1', tenantId: world.tenant.id } } })).toBe(1);
  });

  it('refuses unsigned, wrongly signed, stale and tampered requests alike, storing nothing', async () => {
    const body = bodyFor('signed-refused');
    const t = unixNow();
    const attempts = [
      post(body, signing.key),
      post(body, signing.key, 'garbage'),
      signedPost(body, t, 'imsig_not-the-secret'),
      // Well outside the 5-minute window: the handler reads its own clock, a second or more later under load.
      // (The exact edges are unit-tested with a fixed clock in signature.test.ts.)
      signedPost(body, t - 360),
      signedPost(body, t + 360),
      post(bodyFor('signed-tampered'), signing.key, `t=${t},v1=${sign(signing.secret, t, body)}`),
    ];
    for (const request of attempts) await expectGenericUnauthorized(await send(request));
    expect(await incidentsNamed('signed-refused')).toBe(0);
    expect(await incidentsNamed('signed-tampered')).toBe(0);
  });

  it('keeps accepting unsigned requests with a key that has no secret', async () => {
    expect((await send(post(bodyFor('unsigned-1'), plainKey))).status).toBe(202);
    expect(await incidentsNamed('unsigned-1')).toBe(1);
  });

  it('releases the signature when nothing was stored, so the sender can retry the same request', async () => {
    const request = signedPost(JSON.stringify(nativeIncident('signed-retry', [nativeAlert('signed-retry-a1', { severity: 'high' })])));
    const retry = request.clone();
    const failing = () => failingRawStatement(/INSERT INTO "DeliveryRule"/, () => new Prisma.PrismaClientKnownRequestError('Server has closed the connection.', { code: 'P1017', clientVersion: 'test' }));
    expect((await send(request, failing)).status).toBe(503);
    expect(await incidentsNamed('signed-retry')).toBe(0);
    expect((await send(retry)).status).toBe(202);
    expect(await incidentsNamed('signed-retry')).toBe(1);
  });

  it('drops expired records of seen signatures on the way', async () => {
    await db().seenSignature.create({ data: { keyId: signing.id, signature: 'f'.repeat(64), expiresAt: new Date(Date.now() - 1000) } });
    expect((await send(signedPost(bodyFor('signed-prune')))).status).toBe(202);
    expect(await db().seenSignature.count({ where: { keyId: signing.id, signature: 'f'.repeat(64) } })).toBe(0);
  });

  it('enables, rotates and disables signing with an audit entry each, never holding the secret', async () => {
    const { id, key } = await createApiKey(world.ctx, 'Rotating connector');
    const first = await enableApiKeySigning(world.ctx, id);
    const second = await enableApiKeySigning(world.ctx, id);
    expect(second.secret).not.toBe(first.secret);
    // The old secret no longer signs; the new one does.
    const body = bodyFor('signed-rotated');
    const t = unixNow();
    await expectGenericUnauthorized(await send(post(body, key, `t=${t},v1=${sign(first.secret, t, body)}`)));
    expect((await send(post(body, key, `t=${t},v1=${sign(second.secret, t, body)}`))).status).toBe(202);

    await disableApiKeySigning(world.ctx, id);
    await disableApiKeySigning(world.ctx, id);
    expect((await send(post(bodyFor('unsigned-again'), key))).status).toBe(202);
    expect(await db().apiKey.findUniqueOrThrow({ where: { id } })).toMatchObject({ signingSecret: null });

    const audit = await db().auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['apiKey.created', 'apiKey.signingEnabled', 'apiKey.signingSecretRotated', 'apiKey.signingDisabled']);
    expect(JSON.stringify(audit)).not.toContain(first.secret);
    expect(JSON.stringify(audit)).not.toContain(second.secret);
  });

  it('refuses to change signing of a revoked key or of another tenant’s key', async () => {
    const revoked = await createApiKey(world.ctx, 'Revoked connector');
    await revokeApiKey(world.ctx, revoked.id);
    await expect(enableApiKeySigning(world.ctx, revoked.id)).rejects.toMatchObject({ key: 'notFound' });
    const other = await createWorld();
    await expect(enableApiKeySigning(other.ctx, signing.id)).rejects.toMatchObject({ key: 'notFound' });
    await expect(disableApiKeySigning(other.ctx, signing.id)).rejects.toMatchObject({ key: 'notFound' });
  });
});
