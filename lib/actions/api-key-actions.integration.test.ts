import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { authenticateApiKey } from '@/lib/data/api-keys';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createApiKeyAction } = await import('@/lib/actions/create-api-key');
const { revokeApiKeyAction } = await import('@/lib/actions/revoke-api-key');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

describe('integration key actions', () => {
  it('an administrator creates a key (shown once) and revokes it', async () => {
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const created = await createApiKeyAction({ name: '  Logic App  ' });
    if (!created.ok) throw new Error(created.error);
    expect(await authenticateApiKey(created.data.key)).toEqual({ tenantId: own.tenant.id, keyId: created.data.id, prefix: created.data.prefix, scopes: ['incidents:write'] });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: created.data.id } })).name).toBe('Logic App');
    expect(await revokeApiKeyAction({ id: created.data.id })).toEqual({ ok: true, data: null });
    expect(await authenticateApiKey(created.data.key)).toBeNull();
  });

  it('stores the scopes the administrator ticked, and refuses a key with none or an unknown one', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const created = await createApiKeyAction({ name: 'Rules as code', scopes: ['rules:write', 'rules:read'] });
    if (!created.ok) throw new Error(created.error);
    expect(await authenticateApiKey(created.data.key)).toMatchObject({ scopes: ['rules:read', 'rules:write'] });
    expect(await createApiKeyAction({ name: 'None', scopes: [] })).toMatchObject({ ok: false, fieldErrors: { scopes: 'apiKeyScopeRequired' } });
    // @ts-expect-error an attacker's scope the form never offers
    expect(await createApiKeyAction({ name: 'Root', scopes: ['admin'] })).toMatchObject({ ok: false, error: 'invalidInput' });
    expect(await db().apiKey.count({ where: { tenantId: own.tenant.id, name: { in: ['None', 'Root'] } } })).toBe(0);
  });

  it('validates input and refuses readers, operators and other tenants’ keys', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await createApiKeyAction({ name: ' ' })).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { name: 'apiKeyNameRequired' } });
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    const theirs = await createApiKeyAction({ name: 'Theirs' });
    if (!theirs.ok) throw new Error(theirs.error);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await revokeApiKeyAction({ id: theirs.data.id })).toMatchObject({ ok: false, error: 'notFound' });
    for (const role of ['SECURITY_READER', 'SECURITY_OPERATOR'] as const) {
      signInAs(own.users[role]);
      expect(await createApiKeyAction({ name: `By ${role}` })).toEqual({ ok: false, error: 'forbidden' });
      expect(await revokeApiKeyAction({ id: theirs.data.id })).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await authenticateApiKey(theirs.data.key)).not.toBeNull();
    expect(await db().apiKey.count({ where: { tenantId: own.tenant.id, name: { startsWith: 'By ' } } })).toBe(0);
  });
});
