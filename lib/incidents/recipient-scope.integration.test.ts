import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { composeEmails, templateRenderer } from '@/lib/notifications/compose';
import { claimNextGroup, type ClaimedDelivery } from '@/lib/notifications/claim';
import type { RbacPermission } from '@/lib/generated/prisma/enums';

// Receiving in the RBAC model: a recipient who is a portal user of the tenant gets only the alerts of the
// device groups they may view; an address that is not a user gets what the rule's scope allows. Through
// the real ingest transaction and the real email templates.

async function ingest(tenantId: string, payload: unknown) {
  const normalized = normalizePayload(payload);
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  return ingestIncidents(tenantId, normalized.incidents, new Date());
}

async function rbacWorld() {
  const world = await createWorld();
  await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
  const analyst = await db().user.create({
    data: { tenantId: world.tenant.id, email: `analyst-${randomUUID()}@contoso.com`, name: 'Analyst', role: 'SECURITY_OPERATOR' },
  });
  return { ...world, analyst };
}

async function grant(world: Awaited<ReturnType<typeof rbacWorld>>, permissions: RbacPermission[], groupNames: string[]) {
  const role = await db().rbacRole.create({
    data: {
      tenantId: world.tenant.id,
      name: `Role ${randomUUID()}`,
      nameKey: randomUUID(),
      permissions,
      deviceGroups: { create: groupNames.map((name) => ({ tenantId: world.tenant.id, deviceGroupId: world.groupByName(name).id })) },
    },
  });
  await db().userRbacRole.create({ data: { tenantId: world.tenant.id, userId: world.analyst.id, roleId: role.id } });
  return role;
}

// An incident with one high alert on a Clients device and one on a Servers device.
const twoGroupIncident = (id: string) =>
  nativeIncident(id, [
    nativeAlert(`${id}-c`, { title: 'Ransomware on a client', severity: 'high', devices: [{ name: 'pc-1', rbacGroupName: 'Clients' }] }),
    nativeAlert(`${id}-s`, { title: 'Credential theft on a server', severity: 'high', devices: [{ name: 'srv-1', rbacGroupName: 'Servers' }] }),
  ]);

async function deliveryTo(tenantId: string, email: string, incident: string) {
  return db().delivery.findFirstOrThrow({ where: { tenantId, recipientEmail: email, incident: { externalId: incident } } });
}

async function render(delivery: Awaited<ReturnType<typeof deliveryTo>>) {
  const claimed: ClaimedDelivery = { ...delivery, kind: 'incident', attempts: 1 };
  const [email] = await composeEmails([claimed], { from: 'alerts@example.com', timeZone: 'UTC', renderer: templateRenderer });
  return `${email.subject}\n${email.html}\n${email.text}`;
}

describe('recipient scope', () => {
  it('shows a portal user only the alerts and groups they may view', async () => {
    const world = await rbacWorld();
    await grant(world, ['viewIncidents'], ['Clients']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }, { email: 'soc@contoso.com', language: 'en' }] });
    const incident = `inc-${randomUUID()}`;
    expect(await ingest(world.tenant.id, twoGroupIncident(incident))).toMatchObject({ deliveriesQueued: 2 });

    const analyst = await deliveryTo(world.tenant.id, world.analyst.email, incident);
    expect(analyst).toMatchObject({ status: 'queued', alertExternalIds: [`${incident}-c`], withheldAlertCount: 1, filterReason: 'recipientScope' });
    const analystEmail = await render(analyst);
    expect(analystEmail).toContain('Ransomware on a client');
    expect(analystEmail).toContain('Clients');
    expect(analystEmail).not.toContain('Credential theft on a server');
    expect(analystEmail).not.toContain('Servers');
    expect(analystEmail).not.toContain('srv-1');

    // Not a user: the rule's scope (all device groups) decides.
    const external = await deliveryTo(world.tenant.id, 'soc@contoso.com', incident);
    expect(external).toMatchObject({ status: 'queued', withheldAlertCount: 0, filterReason: null });
    expect(await render(external)).toContain('Credential theft on a server');
  });

  it('records a filtered delivery, never sent, when nothing of the event is theirs to see', async () => {
    const world = await rbacWorld();
    await grant(world, ['viewIncidents'], ['Domain controllers']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }] });
    const incident = `inc-${randomUUID()}`;
    expect(await ingest(world.tenant.id, twoGroupIncident(incident))).toMatchObject({ deliveriesQueued: 0 });
    const delivery = await deliveryTo(world.tenant.id, world.analyst.email, incident);
    expect(delivery).toMatchObject({ status: 'filtered', alertExternalIds: [], filterReason: 'recipientScope', withheldAlertCount: 2 });
    // Nothing to show; it records the groups it concerned, for the delivery log.
    expect(delivery.deviceGroupIds.sort()).toEqual([world.groupByName('Clients').id, world.groupByName('Servers').id].sort());
  });

  it('takes a lost role into account at the very next incident', async () => {
    const world = await rbacWorld();
    const role = await grant(world, ['viewIncidents'], ['Clients', 'Servers']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }] });
    const first = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, twoGroupIncident(first));
    expect(await deliveryTo(world.tenant.id, world.analyst.email, first)).toMatchObject({ status: 'queued', withheldAlertCount: 0 });

    await db().userRbacRole.deleteMany({ where: { roleId: role.id } });
    const second = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, twoGroupIncident(second));
    expect(await deliveryTo(world.tenant.id, world.analyst.email, second)).toMatchObject({ status: 'filtered', filterReason: 'recipientCannotView' });
  });

  it('needs View incidents: managing settings for a group is not enough to receive its alerts', async () => {
    const world = await rbacWorld();
    await grant(world, ['manageSecuritySettings'], ['Clients']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }] });
    const incident = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, twoGroupIncident(incident));
    expect(await deliveryTo(world.tenant.id, world.analyst.email, incident)).toMatchObject({ status: 'filtered', filterReason: 'recipientCannotView' });
  });

  it('leaves the Basic model and users of other tenants to the rule scope', async () => {
    const world = await createWorld();
    const stranger = await rbacWorld();
    await addRule(world.ctx, {
      deviceGroupScope: 'selected',
      deviceGroupIds: [world.groupByName('Servers').id],
      recipients: [{ email: world.users.SECURITY_READER.email, language: 'en' }, { email: stranger.analyst.email, language: 'nl' }],
    });
    const incident = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, twoGroupIncident(incident));
    for (const email of [world.users.SECURITY_READER.email, stranger.analyst.email]) {
      const delivery = await deliveryTo(world.tenant.id, email, incident);
      expect(delivery).toMatchObject({ status: 'queued', alertExternalIds: [`${incident}-s`], filterReason: 'ruleScope' });
      const email_ = await render(delivery);
      expect(email_).not.toContain('Ransomware on a client');
    }
  });

  it('does not let a filtered email count as the one notification of a one-per-incident rule', async () => {
    const world = await rbacWorld();
    await grant(world, ['viewIncidents'], ['Servers']);
    await addRule(world.ctx, { oneNotificationPerIncident: true, recipients: [{ email: world.analyst.email, language: 'en' }] });
    const incident = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, nativeIncident(incident, [nativeAlert(`${incident}-c`, { severity: 'high', devices: [{ name: 'pc', rbacGroupName: 'Clients' }] })]));
    expect(await deliveryTo(world.tenant.id, world.analyst.email, incident)).toMatchObject({ status: 'filtered' });
    // A later alert on a server of the same incident is theirs: the rule has not notified anyone yet.
    await ingest(world.tenant.id, twoGroupIncident(incident));
    const deliveries = await db().delivery.findMany({ where: { tenantId: world.tenant.id, recipientEmail: world.analyst.email }, orderBy: { createdAt: 'asc' } });
    expect(deliveries.map((d) => d.status)).toEqual(['filtered', 'queued']);
  });

  it('reads access again when the email is about to be sent: a group lost while it waited counts', async () => {
    const world = await rbacWorld();
    await grant(world, ['viewIncidents'], ['Clients']);
    const servers = await grant(world, ['viewIncidents'], ['Servers']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }] });
    const narrowed = `inc-${randomUUID()}`;
    const dropped = `inc-${randomUUID()}`;
    await ingest(world.tenant.id, twoGroupIncident(narrowed));
    await ingest(world.tenant.id, nativeIncident(dropped, [nativeAlert(`${dropped}-s`, { severity: 'high', devices: [{ name: 'srv', rbacGroupName: 'Servers' }] })]));
    const waiting = [await deliveryTo(world.tenant.id, world.analyst.email, narrowed), await deliveryTo(world.tenant.id, world.analyst.email, dropped)];
    expect(waiting.map((d) => [d.status, d.alertExternalIds.length])).toEqual([['queued', 2], ['queued', 1]]);

    await db().userRbacRole.delete({ where: { userId_roleId: { userId: world.analyst.id, roleId: servers.id } } });
    const group = await claimNextGroup({ leaseMs: 60_000, batchSize: 10, ids: waiting.map((d) => d.id) });
    expect(group?.deliveries.map((d) => [d.id, d.alertExternalIds])).toEqual([[waiting[0].id, [`${narrowed}-c`]]]);
    const sent = await deliveryTo(world.tenant.id, world.analyst.email, narrowed);
    expect(await render(sent)).not.toContain('Credential theft on a server');
    expect(await deliveryTo(world.tenant.id, world.analyst.email, dropped)).toMatchObject({ status: 'filtered', filterReason: 'recipientScope' });
  });

  it('does not retry an email whose recipient may no longer see anything of it, but re-sends one whose sender died as it was', async () => {
    const world = await rbacWorld();
    const role = await grant(world, ['viewIncidents'], ['Servers']);
    await addRule(world.ctx, { recipients: [{ email: world.analyst.email, language: 'en' }] });
    const retried = `inc-${randomUUID()}`;
    const crashed = `inc-${randomUUID()}`;
    for (const id of [retried, crashed]) {
      await ingest(world.tenant.id, nativeIncident(id, [nativeAlert(`${id}-s`, { severity: 'high', devices: [{ name: 'srv', rbacGroupName: 'Servers' }] })]));
    }
    const [retry, crash] = [await deliveryTo(world.tenant.id, world.analyst.email, retried), await deliveryTo(world.tenant.id, world.analyst.email, crashed)];
    // Both were claimed once: one failed and waits for its retry, the other's sender died mid-request.
    await claimNextGroup({ leaseMs: 60_000, batchSize: 1, ids: [retry.id] });
    await claimNextGroup({ leaseMs: 60_000, batchSize: 1, ids: [crash.id] });
    await db().delivery.update({ where: { id: retry.id }, data: { status: 'queued', nextAttemptAt: new Date(Date.now() - 1000) } });
    await db().delivery.update({ where: { id: crash.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });

    await db().userRbacRole.deleteMany({ where: { roleId: role.id } });
    expect(await claimNextGroup({ leaseMs: 60_000, batchSize: 10, ids: [retry.id] })).toBeNull();
    expect(await deliveryTo(world.tenant.id, world.analyst.email, retried)).toMatchObject({ status: 'filtered', filterReason: 'recipientCannotView' });
    const again = await claimNextGroup({ leaseMs: 60_000, batchSize: 10, ids: [crash.id] });
    expect(again?.deliveries.map((d) => [d.id, d.alertExternalIds])).toEqual([[crash.id, [`${crashed}-s`]]]);
  });
});
