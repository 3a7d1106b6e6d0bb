import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/data/context';
import { listDeliveries } from '@/lib/data/deliveries';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';

// The delivery log of a user limited to some device groups: the deliveries of the rules they may see and the
// test emails they sent themselves, nothing of rules wholly outside their groups or of other people's drafts.

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

async function delivery(world: World, to: string, options: { ruleId: string; ruleName: string; kind?: 'incident' | 'test'; requestedById?: string }) {
  const row = await db().delivery.create({
    data: {
      tenantId: world.tenant.id,
      kind: options.kind ?? 'incident',
      recipientEmail: to,
      language: 'en',
      includeOrganizationName: false,
      includeTenantPortalLink: false,
      status: 'sent',
      requestedById: options.requestedById ?? null,
      rules: { create: [{ ruleId: options.ruleId, ruleName: options.ruleName, tenantId: world.tenant.id }] },
    },
  });
  return row.id;
}

describe('listDeliveries for a user limited to some device groups', () => {
  it('shows the deliveries of visible rules and their own test emails only', async () => {
    const world = await createTenant();
    const [clients, servers] = world.groups;
    const me = world.users.SECURITY_ADMINISTRATOR;
    const colleague = world.users.SECURITY_OPERATOR;
    const mine = await rule(world, 'Clients', [clients.id]);
    const shared = await rule(world, 'Clients and servers', [clients.id, servers.id]);
    const everything = await rule(world, 'Everything', 'all');
    const theirs = await rule(world, 'Servers', [servers.id]);

    const visible = [
      await delivery(world, `a-${randomUUID()}@contoso.com`, { ruleId: mine.id, ruleName: mine.name }),
      await delivery(world, `b-${randomUUID()}@contoso.com`, { ruleId: shared.id, ruleName: shared.name }),
      await delivery(world, `c-${randomUUID()}@contoso.com`, { ruleId: everything.id, ruleName: everything.name }),
      // A test email of a draft: its rule id names no rule, but I sent it.
      await delivery(world, `d-${randomUUID()}@contoso.com`, { ruleId: randomUUID(), ruleName: 'My draft', kind: 'test', requestedById: me.id }),
    ];
    const hidden = [
      await delivery(world, `e-${randomUUID()}@contoso.com`, { ruleId: theirs.id, ruleName: theirs.name }),
      await delivery(world, `f-${randomUUID()}@contoso.com`, { ruleId: randomUUID(), ruleName: 'Their draft', kind: 'test', requestedById: colleague.id }),
      // A test email of a rule outside my groups, even one I asked for once, stays the rule's.
      await delivery(world, `g-${randomUUID()}@contoso.com`, { ruleId: theirs.id, ruleName: theirs.name, kind: 'test', requestedById: colleague.id }),
    ];

    const scoped = await listDeliveries(scopedContext(world, me, [clients.id]), {});
    expect(scoped.entries.map((entry) => entry.id).sort()).toEqual([...visible].sort());

    // The Basic model (every group) sees all of them.
    const all = await listDeliveries(basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR), {});
    expect(all.entries.map((entry) => entry.id).sort()).toEqual([...visible, ...hidden].sort());
  });
});
