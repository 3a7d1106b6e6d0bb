import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createApiKey, revokeApiKey } from '@/lib/data/api-keys';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { enableApiKeySigningAction } = await import('@/lib/actions/enable-api-key-signing');
const { disableApiKeySigningAction } = await import('@/lib/actions/disable-api-key-signing');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;
const contextOf = (world: World) => basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
const storedSecret = async (id: string) => (await db().apiKey.findUniqueOrThrow({ where: { id } })).signingSecret;
const auditOf = (id: string) =>
  db().auditEntry.findMany({ where: { targetId: id }, select: { action: true, actorEmail: true, before: true, after: true } });

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

describe('key signing actions', () => {
  it('turns signing on (secret shown once), rotates it, and turns it off, each audited without the secret', async () => {
    const { id } = await createApiKey(contextOf(own), 'Signed SIEM');
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const actor = own.users.SECURITY_ADMINISTRATOR.email;

    const enabled = await enableApiKeySigningAction({ id });
    if (!enabled.ok) throw new Error(enabled.error);
    expect(enabled.data.secret).toMatch(/^imsig_[A-Za-z0-9_-]{40,}$/);
    expect(await storedSecret(id)).toBe(enabled.data.secret);

    const rotated = await enableApiKeySigningAction({ id });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.data.secret).not.toBe(enabled.data.secret);
    expect(await storedSecret(id)).toBe(rotated.data.secret);

    expect(await disableApiKeySigningAction({ id })).toEqual({ ok: true, data: null });
    expect(await storedSecret(id)).toBeNull();
    // Turning off what is off is not an error, and is not audited again.
    expect(await disableApiKeySigningAction({ id })).toEqual({ ok: true, data: null });

    const audit = await auditOf(id);
    // Compared as a set: two entries of the same millisecond have no order.
    expect(audit).toHaveLength(4);
    expect(audit).toEqual(expect.arrayContaining([
      { action: 'apiKey.created', actorEmail: own.users.GLOBAL_ADMINISTRATOR.email, before: null, after: expect.anything() },
      { action: 'apiKey.signingEnabled', actorEmail: actor, before: { signing: false }, after: { signing: true } },
      // An audited update keeps only the fields that changed: a rotation changes none that may be recorded.
      { action: 'apiKey.signingSecretRotated', actorEmail: actor, before: {}, after: {} },
      { action: 'apiKey.signingDisabled', actorEmail: actor, before: { signing: true }, after: { signing: false } },
    ]));
    const serialized = JSON.stringify(audit);
    expect(serialized).not.toContain(enabled.data.secret);
    expect(serialized).not.toContain(rotated.data.secret);
  });

  it('refuses revoked keys, other tenants’ keys, malformed ids, and callers who may not manage keys', async () => {
    const revoked = await createApiKey(contextOf(own), 'Revoked');
    await revokeApiKey(contextOf(own), revoked.id);
    const theirs = await createApiKey(contextOf(other), 'Theirs');
    const mine = await createApiKey(contextOf(own), 'Mine');

    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    for (const id of [revoked.id, theirs.id]) {
      expect(await enableApiKeySigningAction({ id })).toEqual({ ok: false, error: 'notFound' });
      expect(await disableApiKeySigningAction({ id })).toEqual({ ok: false, error: 'notFound' });
    }
    expect(await enableApiKeySigningAction({ id: 'nope' })).toMatchObject({
      ok: false,
      error: 'invalidInput',
      fieldErrors: { id: 'apiKeyNotFound' },
    });

    for (const role of ['SECURITY_READER', 'SECURITY_OPERATOR'] as const) {
      signInAs(own.users[role]);
      expect(await enableApiKeySigningAction({ id: mine.id })).toEqual({ ok: false, error: 'forbidden' });
      expect(await disableApiKeySigningAction({ id: mine.id })).toEqual({ ok: false, error: 'forbidden' });
    }

    for (const id of [revoked.id, theirs.id, mine.id]) expect(await storedSecret(id)).toBeNull();
    const changes = await db().auditEntry.count({
      where: { targetId: { in: [revoked.id, theirs.id, mine.id] }, action: { startsWith: 'apiKey.signing' } },
    });
    expect(changes).toBe(0);
  });
});
