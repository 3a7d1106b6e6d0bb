import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { listDeliveries } from '@/lib/data/deliveries';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';

// The delivery log of a user limited to some device groups: incident emails whose content concerns their
// groups, test emails of rules they may see and their own test emails; of the choosing rules only those
// they may see are named. Nothing of an incident wholly in other groups, even when a rule they may see
// (an all-groups one) chose it.

type World = Awaited<ReturnType<typeof createTenant>>;

function scopedContext(world: World, user: { id: string; email: string }, groupIds: string[]): TenantContext {
  const access = accessOf({
    role: 'SECURITY_ADMINISTRATOR',
    permissionsModel: 'RBAC',
    rbacRoles: [{ permissions: ['manageSecuritySettings', 'viewIncidents'], deviceGroupIds: groupIds }],
  });
  return { tenantId: world.tenant.id, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId: world.tenant.id, role: 'SECURITY_ADMINISTRATOR', access } };
}

async function rule(world: World, name: string, groupIds: string[] | 'all') {
  return db().notificationRule.create({
    data: {
      tenantId: world.tenant.id,
      name,
      severities: ['high'],
      allDeviceGroups: groupIds === 'all',
      deviceGroups: { create: (groupIds === 'all' ? [] : groupIds).map((deviceGroupId) => ({ tenantId: world.tenant.id, deviceGroupId })) },
    },
  });
}

type DeliveryOptions = {
  rules: { id: string; name: string }[];
  kind?: 'incident' | 'test';
  deviceGroupIds?: string[];
  requestedById?: string;
};

async function delivery(world: World, options: DeliveryOptions) {
  const row = await db().delivery.create({
    data: {
      tenantId: world.tenant.id,
      kind: options.kind ?? 'incident',
      recipientEmail: `r-${randomUUID()}@contoso.com`,
      language: 'en',
      includeOrganizationName: false,
      includeTenantPortalLink: false,
      status: 'sent',
      deviceGroupIds: options.deviceGroupIds ?? [],
      requestedById: options.requestedById ?? null,
      rules: { create: options.rules.map((r) => ({ ruleId: r.id, ruleName: r.name, tenantId: world.tenant.id })) },
    },
  });
  return row.id;
}

describe('listDeliveries for a user limited to some device groups', () => {
  it('shows what concerns their groups and their own test emails, naming only the rules they may see', async () => {
    const world = await createTenant();
    const [clients, servers] = world.groups;
    const me = world.users.SECURITY_ADMINISTRATOR;
    const colleague = world.users.SECURITY_OPERATOR;
    const mine = await rule(world, 'Clients', [clients.id]);
    const everything = await rule(world, 'Everything', 'all');
    const theirs = await rule(world, 'SECRET servers rule', [servers.id]);
    const draft = { id: randomUUID(), name: 'A draft' };

    const onClients = await delivery(world, { rules: [mine], deviceGroupIds: [clients.id] });
    // Chosen by a rule I may see and one I may not: shown, the other rule only counted.
    const shared = await delivery(world, { rules: [everything, theirs], deviceGroupIds: [clients.id, servers.id] });
    const myDraft = await delivery(world, { rules: [draft], kind: 'test', requestedById: me.id });
    const testOfMine = await delivery(world, { rules: [mine], kind: 'test', requestedById: colleague.id });
    const visible = [onClients, shared, myDraft, testOfMine];
    const hidden = [
      // An all-groups rule I may see chose it, but the email was about servers only.
      await delivery(world, { rules: [everything], deviceGroupIds: [servers.id] }),
      await delivery(world, { rules: [theirs], deviceGroupIds: [servers.id] }),
      // Filtered: the email showed nothing.
      await delivery(world, { rules: [everything], deviceGroupIds: [] }),
      await delivery(world, { rules: [{ id: randomUUID(), name: 'Their draft' }], kind: 'test', requestedById: colleague.id }),
      await delivery(world, { rules: [theirs], kind: 'test', requestedById: colleague.id }),
    ];

    const ctx = scopedContext(world, me, [clients.id]);
    const scoped = await listDeliveries(ctx, {});
    expect(scoped.entries.map((entry) => entry.id).sort()).toEqual([...visible].sort());
    const sharedEntry = scoped.entries.find((entry) => entry.id === shared)!;
    expect(sharedEntry).toMatchObject({ rules: [{ id: everything.id, name: 'Everything' }], hiddenRuleCount: 1 });
    expect(JSON.stringify(scoped)).not.toContain('SECRET');

    // Filtering by a rule I may not see answers nothing, not what it chose.
    expect((await listDeliveries(ctx, { ruleId: theirs.id })).entries).toEqual([]);
    expect((await listDeliveries(ctx, { ruleId: everything.id })).entries.map((entry) => entry.id)).toEqual([shared]);

    // The Basic model (every group) sees all of them, every rule named.
    const all = await listDeliveries(basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR), {});
    expect(all.entries.map((entry) => entry.id).sort()).toEqual([...visible, ...hidden].sort());
    expect(all.entries.find((entry) => entry.id === shared)).toMatchObject({ hiddenRuleCount: 0 });
  });
});
