import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { claimNextGroup } from '@/lib/notifications/claim';
import { templateRenderer } from '@/lib/notifications/compose';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { sendGroup } from '@/lib/notifications/send-group';
import { countingQueries } from '@/lib/notifications/testing/counting-queries';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { deliveriesOf, drain, parkOtherDeliveries, queueDeliveries, seedIncident, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';

// The digest email itself, rendered by the real templates and sent through the real send path: its words
// in both languages, its links, and what its recipient may still see when it goes out.

let standIn: ResendStandIn;
let deps: DispatchDeps;
const run = (options: { ids?: readonly string[] }) => dispatchDue(deps, options);
const clockAt = new Date('2026-03-10T10:20:00Z');

beforeAll(async () => {
  standIn = await startResendStandIn();
});
afterAll(() => standIn.close());
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.accepted.length = 0;
  deps = { ...createDispatchDeps(testConfig(standIn.url), templateRenderer), clock: () => clockAt };
});
afterEach(() => expect(standIn.violations).toEqual([]));

type World = Awaited<ReturnType<typeof createTenant>>;

async function cappedWorld(): Promise<World & { rule: { id: string; name: string } }> {
  const world = await createTenant('Contoso');
  await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam' } });
  const rule = await db().notificationRule.create({ data: { tenantId: world.tenant.id, name: 'SOC on call', severities: [], capPeriod: 'hour', capHigh: 1 } });
  return { ...world, rule };
}

// One email per incident to `to`, each on the given device groups, chosen by the rule; then dispatched.
async function sendIncidents(world: World & { rule: { id: string; name: string } }, to: string, groupsPerIncident: string[][], options: { language?: 'en' | 'nl'; portalLink?: boolean } = {}) {
  const ids: string[] = [];
  for (const groupIds of groupsPerIncident) {
    const seeded = await seedIncident(world.tenant.id, groupIds);
    const [id] = await queueDeliveries(world.tenant.id, seeded, [{ email: to, language: options.language, includeTenantPortalLink: options.portalLink, includeOrganizationName: true }]);
    await db().deliveryRule.create({ data: { deliveryId: id, ruleId: world.rule.id, ruleName: world.rule.name, tenantId: world.tenant.id, incidentId: seeded.incident.id } });
    await drain(run, [id]);
    ids.push(id);
  }
  const rows = await deliveriesOf(ids);
  return ids.map((id) => rows.find((row) => row.id === id)!);
}

async function sendDigestOf(held: { digestId: string | null }[]) {
  const digestIds = [...new Set(held.flatMap((row) => (row.digestId ? [row.digestId] : [])))];
  expect(digestIds).toHaveLength(1);
  await drain(run, digestIds);
  return standIn.accepted.filter((email) => email.deliveryId === digestIds[0]);
}

describe('the digest email', () => {
  it('lists each held incident with its severity, time and link, and which cap held it, in English', async () => {
    const world = await cappedWorld();
    const groups = world.groups.map((group) => group.id);
    const rows = await sendIncidents(world, `soc-${randomUUID()}@contoso.com`, [groups, groups, groups], { portalLink: true });
    const held = rows.filter((row) => row.status === 'held');
    expect(held).toHaveLength(2);

    const [email] = await sendDigestOf(held);
    expect(email.subject).toBe('Digest: 2 incident emails held back by your notification limits - Contoso');
    expect(email.text).toContain('2 incident emails were held back');
    expect(email.text).toContain('Rule “SOC on call”: at most 1 High email per hour. 2 emails held back.');
    expect(email.text).toContain('Multi-stage incident involving Execution & Command and control on one endpoint');
    // When the email was held, in the dispatcher's zone (the database clock: the test clock only judges caps).
    expect(email.text).toMatch(/Held back [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M GMT\+[12]/);
    // The rule asks for tenant-specific links: the organization's own Microsoft tenant id.
    expect(email.text).toContain(`https://security.microsoft.com/incident2/29/overview?tid=${world.tenant.microsoftTenantId}`);
    expect(email.text).toContain('Times are shown in the Europe/Amsterdam time zone.');
  });

  it('speaks Dutch to a Dutch recipient', async () => {
    const world = await cappedWorld();
    const groups = world.groups.map((group) => group.id);
    const rows = await sendIncidents(world, `soc-${randomUUID()}@contoso.nl`, [groups, groups], { language: 'nl' });
    const [email] = await sendDigestOf(rows.filter((row) => row.status === 'held'));
    expect(email.subject).toBe('Overzicht: 1 incidentmail tegengehouden door uw meldingslimieten - Contoso');
    expect(email.text).toContain('1 incidentmail is tegengehouden');
    expect(email.text).toContain('Regel “SOC on call”: hoogstens 1 mail met ernst Hoog per uur. 1 mail tegengehouden.');
    expect(email.text).toMatch(/Tegengehouden \d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2} (CET|CEST)/);
    // Without the option the link carries no tenant id.
    expect(email.text).toContain('Bekijken in Microsoft Defender https://security.microsoft.com/incident2/29/overview');
    expect(email.text).not.toContain('tid=');
  });

  it('re-checks what the recipient may see when it goes out: a held incident they may no longer view is left out and counted', async () => {
    const world = await cappedWorld();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    const [clients, servers, dcs] = world.groups;
    const analyst = await db().user.create({
      data: { tenantId: world.tenant.id, email: `analyst-${randomUUID()}@contoso.com`, name: 'Analyst', role: 'SECURITY_OPERATOR' },
    });
    const role = await db().rbacRole.create({
      data: {
        tenantId: world.tenant.id,
        name: 'Tier 1',
        nameKey: randomUUID(),
        permissions: ['viewIncidents'],
        deviceGroups: { create: world.groups.map((group) => ({ tenantId: world.tenant.id, deviceGroupId: group.id })) },
      },
    });
    await db().userRbacRole.create({ data: { tenantId: world.tenant.id, userId: analyst.id, roleId: role.id } });
    // The first is sent; the second (clients + servers) and third (domain controllers only) are held.
    const rows = await sendIncidents(world, analyst.email, [[clients.id], [clients.id, servers.id], [dcs.id, dcs.id]]);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'held', 'held']);

    // Before the digest goes out, the analyst loses the servers and domain controllers.
    await db().rbacRoleDeviceGroup.deleteMany({ where: { roleId: role.id, deviceGroupId: { in: [servers.id, dcs.id] } } });
    const [email] = await sendDigestOf(rows.slice(1));

    expect(email.subject).toBe('Digest: 1 incident email held back by your notification limits - Contoso');
    expect(email.text).toContain('1 more held-back email is left out: you may no longer view those incidents.');
    const [narrowed, gone] = await Promise.all([rows[1].id, rows[2].id].map((id) => db().delivery.findUniqueOrThrow({ where: { id } })));
    expect(narrowed).toMatchObject({ status: 'held', deviceGroupIds: [clients.id], filterReason: 'recipientScope' });
    expect(gone).toMatchObject({ status: 'filtered', digestId: rows[2].digestId });
  });

  it('is not sent at all when the recipient may see none of what it lists', async () => {
    const world = await cappedWorld();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    const analyst = await db().user.create({
      data: { tenantId: world.tenant.id, email: `analyst-${randomUUID()}@contoso.com`, name: 'Analyst', role: 'SECURITY_OPERATOR' },
    });
    const role = await db().rbacRole.create({
      data: {
        tenantId: world.tenant.id, name: 'Tier 1', nameKey: randomUUID(), permissions: ['viewIncidents'],
        deviceGroups: { create: [{ tenantId: world.tenant.id, deviceGroupId: world.groups[0].id }] },
      },
    });
    await db().userRbacRole.create({ data: { tenantId: world.tenant.id, userId: analyst.id, roleId: role.id } });
    const rows = await sendIncidents(world, analyst.email, [[world.groups[0].id], [world.groups[0].id]]);
    await db().userRbacRole.deleteMany({ where: { userId: analyst.id } });
    const digestId = rows[1].digestId!;
    await drain(run, [digestId]);
    expect((await deliveriesOf([digestId]))[0]).toMatchObject({ status: 'filtered', filterReason: 'digestEmpty', attempts: 0 });
    expect(standIn.accepted.some((email) => email.deliveryId === digestId)).toBe(false);
  });

  it('with many held items for a scoped recipient: claimed one digest at a time, in a number of queries that does not grow with its items, and sent', async () => {
    const world = await cappedWorld();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    const role = await db().rbacRole.create({
      data: {
        tenantId: world.tenant.id, name: 'Tier 1', nameKey: randomUUID(), permissions: ['viewIncidents'],
        deviceGroups: { create: world.groups.map((group) => ({ tenantId: world.tenant.id, deviceGroupId: group.id })) },
      },
    });
    const analyst = async () => {
      const user = await db().user.create({ data: { tenantId: world.tenant.id, email: `analyst-${randomUUID()}@contoso.com`, name: 'Analyst', role: 'SECURITY_OPERATOR' } });
      await db().userRbacRole.create({ data: { tenantId: world.tenant.id, userId: user.id, roleId: role.id } });
      return user.email;
    };
    const digestOf = async (heldItems: number) => {
      const rows = await sendIncidents(world, await analyst(), Array.from({ length: heldItems + 1 }, () => [world.groups[0].id]));
      expect(rows.filter((row) => row.status === 'held')).toHaveLength(heldItems);
      return rows[1].digestId!;
    };
    const small = await digestOf(3);
    const large = await digestOf(40);

    // Both due: one claim takes one digest (its items are re-checked in the claim's transaction), in a
    // number of queries that does not depend on how many items it lists: their alerts are read in one query.
    const claim = async (ids: string[]) => {
      const { result, queries } = await countingQueries(() => claimNextGroup({ leaseMs: 30_000, batchSize: 100, ids, clock: () => clockAt }));
      expect(result?.deliveries).toHaveLength(1);
      await sendGroup(result!, deps);
      return { id: result!.deliveries[0].id, queries };
    };
    const first = await claim([small, large]);
    const [other] = [small, large].filter((id) => id !== first.id);
    expect((await deliveriesOf([other]))[0].status).toBe('queued');
    const second = await claim([other]);
    const queries = new Map([first, second].map((claimed) => [claimed.id, claimed.queries]));
    expect(queries.get(large)!.filter((query) => query.includes('"Alert"'))).toHaveLength(1);
    expect(queries.get(large)).toHaveLength(queries.get(small)!.length);

    const sent = standIn.accepted.filter((email) => email.deliveryId === large);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.at(-1)!.subject).toBe('Digest: 40 incident emails held back by your notification limits - Contoso');
    expect((await deliveriesOf([large]))[0].status).toBe('sent');
  });
});
