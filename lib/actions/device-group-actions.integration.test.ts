import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createDeviceGroupAction } = await import('@/lib/actions/create-device-group');
const { updateDeviceGroupAction } = await import('@/lib/actions/update-device-group');
const { deleteDeviceGroupAction } = await import('@/lib/actions/delete-device-group');
const { createRuleAction } = await import('@/lib/actions/create-rule');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

describe('device group actions', () => {
  it('an administrator adds, renames and removes a group, each audited', async () => {
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const created = await createDeviceGroupAction({ name: 'Kiosks', rbacGroupId: '901' });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const id = created.data.id;
    expect(await updateDeviceGroupAction({ id, name: 'Kiosk devices', rbacGroupId: '' })).toEqual({ ok: true, data: null });
    expect(await db().deviceGroup.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: 'Kiosk devices', rbacGroupId: null });
    expect(await deleteDeviceGroupAction({ id })).toEqual({ ok: true, data: null });
    expect(await db().deviceGroup.findUnique({ where: { id } })).toBeNull();
    const actions = await db().auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['deviceGroup.created', 'deviceGroup.updated', 'deviceGroup.deleted']);
  });

  it('refuses a name that differs only in case, and a Defender RBAC id already used', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await createDeviceGroupAction({ name: 'clients', rbacGroupId: '' })).toMatchObject({ ok: false, error: 'deviceGroupNameTaken' });
    expect(await createDeviceGroupAction({ name: 'Laptops', rbacGroupId: own.groups[0].rbacGroupId! })).toMatchObject({
      ok: false,
      error: 'rbacGroupIdTaken',
    });
    // The same name in another tenant is fine: uniqueness is per tenant.
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect((await createDeviceGroupAction({ name: 'Laptops', rbacGroupId: '' })).ok).toBe(true);
  });

  it('refuses to remove a group a rule uses, naming the rule', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const rule = await createRuleAction({
      name: 'Servers only',
      description: '',
      severities: ['high'],
      deviceGroupScope: 'selected',
      deviceGroupIds: [own.groups[1].id],
      sourceScope: 'all',
      sources: [],
      oneNotificationPerIncident: false,
      includeOrganizationName: false,
      includeTenantPortalLink: false,
      recipients: [{ email: 'ops@contoso.com', language: 'en' }],
    });
    expect(rule.ok).toBe(true);
    expect(await deleteDeviceGroupAction({ id: own.groups[1].id })).toEqual({
      ok: false,
      error: 'deviceGroupInUse',
      errorParams: { rules: 'Servers only' },
    });
    expect(await db().deviceGroup.findUnique({ where: { id: own.groups[1].id } })).not.toBeNull();
  });

  it('refuses readers and operators, and hides other tenants’ groups', async () => {
    for (const role of ['SECURITY_READER', 'SECURITY_OPERATOR'] as const) {
      signInAs(own.users[role]);
      expect(await createDeviceGroupAction({ name: `By ${role}`, rbacGroupId: '' })).toEqual({ ok: false, error: 'forbidden' });
      expect(await deleteDeviceGroupAction({ id: own.groups[2].id })).toEqual({ ok: false, error: 'forbidden' });
    }
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect(await updateDeviceGroupAction({ id: own.groups[2].id, name: 'Mine now', rbacGroupId: '' })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await deleteDeviceGroupAction({ id: own.groups[2].id })).toEqual({ ok: false, error: 'notFound' });
    expect((await db().deviceGroup.findUniqueOrThrow({ where: { id: own.groups[2].id } })).name).toBe('Domain controllers');
  });
});
