import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { listDeliveries } from '@/lib/data/deliveries';
import { db } from '@/lib/db/client';
import type { Prisma } from '@/lib/generated/prisma/client';
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
  kind?: 'incident' | 'test' | 'digest';
  deviceGroupIds?: string[];
  requestedById?: string;
  // Anything else of the row (status, heldReason, digestId, coalescedIntoId).
  data?: Partial<Prisma.DeliveryUncheckedCreateInput>;
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
      ...options.data,
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

describe('held, digest and coalesced entries', () => {
  it('shows which cap held an email and links it to its digest, which lists them; a scoped viewer sees only their part', async () => {
    const world = await createTenant();
    const [clients, servers] = world.groups.map((group) => group.id);
    const mine = await rule(world, 'Clients', [clients]);
    const theirs = await rule(world, 'SECRET servers rule', [servers]);
    const reason = (r: { id: string; name: string }) => ({ scope: 'rule', ruleId: r.id, ruleName: r.name, severity: 'high', limit: 2, period: 'hour' });
    const digest = await delivery(world, { kind: 'digest', rules: [mine, theirs], deviceGroupIds: [clients, servers], data: { status: 'queued' } });
    const heldMine = await delivery(world, { rules: [mine], deviceGroupIds: [clients], data: { status: 'held', digestId: digest, heldReason: reason(mine) } });
    // About clients too, but held by a rule I may not see: shown, the rule not named.
    const heldTheirs = await delivery(world, { rules: [theirs], deviceGroupIds: [clients], data: { status: 'held', digestId: digest, heldReason: reason(theirs) } });
    const heldServers = await delivery(world, { rules: [theirs], deviceGroupIds: [servers], data: { status: 'held', digestId: digest, heldReason: reason(theirs) } });
    const address = await delivery(world, { rules: [mine], deviceGroupIds: [clients], data: { status: 'held', heldReason: { scope: 'address', severity: 'low', limit: 0, period: 'day' } } });
    const joined = await delivery(world, { rules: [mine], deviceGroupIds: [clients] });
    const coalesced = await delivery(world, { rules: [mine], deviceGroupIds: [clients], data: { status: 'coalesced', coalescedIntoId: joined } });
    await delivery(world, { rules: [mine], deviceGroupIds: [clients] });

    const admin = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
    const listed = await listDeliveries(admin, { delivery: digest });
    expect(listed.entries.map((entry) => entry.id).sort()).toEqual([digest, heldMine, heldTheirs, heldServers].sort());
    const byId = (entries: typeof listed.entries, id: string) => entries.find((entry) => entry.id === id)!;
    expect(byId(listed.entries, digest)).toMatchObject({ kind: 'digest', listedCount: 3, held: null });
    expect(byId(listed.entries, heldTheirs)).toMatchObject({
      status: 'held',
      digestId: digest,
      held: { scope: 'rule', ruleName: 'SECRET servers rule', severity: 'high', limit: 2, period: 'hour' },
    });
    expect(byId((await listDeliveries(admin, { status: 'held' })).entries, address).held).toEqual({ scope: 'address', ruleName: null, severity: 'low', limit: 0, period: 'day' });

    const joinedLog = await listDeliveries(admin, { delivery: joined });
    expect(joinedLog.entries.map((entry) => entry.id).sort()).toEqual([joined, coalesced].sort());
    expect(byId(joinedLog.entries, coalesced)).toMatchObject({ status: 'coalesced', coalescedIntoId: joined, joinedStatus: 'sent' });
    expect(byId(joinedLog.entries, joined).joinedStatus).toBeNull();
    // The coalesced row reports what became of the email it joined: its changes went with it.
    for (const status of ['silenced', 'failed', 'held', 'queued'] as const) {
      await db().delivery.update({ where: { id: joined }, data: { status } });
      expect(byId((await listDeliveries(admin, { delivery: joined })).entries, coalesced).joinedStatus).toBe(status);
    }

    const scoped = await listDeliveries(scopedContext(world, world.users.SECURITY_ADMINISTRATOR, [clients]), { delivery: digest });
    expect(scoped.entries.map((entry) => entry.id).sort()).toEqual([digest, heldMine, heldTheirs].sort());
    // The digest is counted whole, its other rule only counted; the hidden rule's name appears nowhere.
    expect(byId(scoped.entries, digest)).toMatchObject({ listedCount: 3, rules: [{ id: mine.id }], hiddenRuleCount: 1 });
    expect(byId(scoped.entries, heldTheirs).held).toMatchObject({ scope: 'rule', ruleName: null });
    expect(byId(scoped.entries, heldMine).held).toMatchObject({ ruleName: 'Clients' });
    expect(JSON.stringify(scoped)).not.toContain('SECRET');
    // A viewer of none of its groups sees neither the digest nor what it lists.
    const other = await listDeliveries(scopedContext(world, world.users.SECURITY_OPERATOR, [world.groups[2].id]), { delivery: digest });
    expect(other.entries).toEqual([]);
  });
});
