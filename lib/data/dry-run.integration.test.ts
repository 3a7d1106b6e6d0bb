import { describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import { dryRunForViewer } from '@/lib/data/dry-run';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// The portal's dry run: a pasted payload or a stored incident, seen through the viewer's device groups.

const on = (group: string) => ({ devices: [{ name: `${group.toLowerCase()}-1`, rbacGroupName: group }] });

function scopedContext(world: Awaited<ReturnType<typeof createWorld>>, groups: string[]): TenantContext {
  const user = world.users.SECURITY_OPERATOR;
  const access = accessOf({
    role: 'SECURITY_OPERATOR',
    permissionsModel: 'RBAC',
    rbacRoles: [{ permissions: ['viewIncidents'], deviceGroupIds: groups.map((name) => world.groupByName(name).id) }],
  });
  return { tenantId: world.tenant.id, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId: world.tenant.id, role: 'SECURITY_OPERATOR', access } };
}

async function seed() {
  const world = await createWorld();
  await addRule(world.ctx, { name: 'Clients rule', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Clients').id], recipients: [{ email: 'clients@contoso.com', language: 'en' }] });
  await addRule(world.ctx, { name: 'Servers rule', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Servers').id], recipients: [{ email: 'servers@contoso.com', language: 'nl' }] });
  const normalized = normalizePayload(nativeIncident('dr-1', [nativeAlert('dr-1a', on('Clients')), nativeAlert('dr-1b', on('Servers'))]));
  if (!normalized.ok) throw new Error('bad fixture');
  await ingestIncidents(world.tenant.id, normalized.incidents, new Date());
  const incident = await db().incident.findFirstOrThrow({ where: { tenantId: world.tenant.id, externalId: 'dr-1' } });
  return { world, incident };
}

describe('dryRunForViewer', () => {
  it('tests a stored incident again, as new: both rules would email their recipients', async () => {
    const { world, incident } = await seed();
    const before = await db().delivery.count({ where: { tenantId: world.tenant.id } });
    const result = await dryRunForViewer(world.ctx, { source: 'stored', incidentId: incident.id });
    expect(result.incidents[0]).toMatchObject({
      externalId: 'dr-1',
      alertCount: 2,
      hiddenRuleCount: 0,
      rules: [{ ruleName: 'Clients rule', matched: true }, { ruleName: 'Servers rule', matched: true }],
    });
    expect(result.incidents[0].emails.map((email) => email.recipients)).toEqual([['clients@contoso.com'], ['servers@contoso.com']]);
    expect(await db().delivery.count({ where: { tenantId: world.tenant.id } })).toBe(before);
  });

  it('shows a scoped viewer only their alerts and rules, counting the others; an incident outside them is not found', async () => {
    const { world, incident } = await seed();
    const scoped = scopedContext(world, ['Clients']);
    const result = await dryRunForViewer(scoped, { source: 'stored', incidentId: incident.id });
    expect(result.incidents[0]).toMatchObject({ alertCount: 1, hiddenRuleCount: 1, rules: [{ ruleName: 'Clients rule', matched: true }] });
    expect(result.incidents[0].emails.map((email) => email.recipients)).toEqual([['clients@contoso.com']]);
    await expect(dryRunForViewer(scopedContext(world, ['Domain controllers']), { source: 'stored', incidentId: incident.id })).rejects.toMatchObject({ key: 'notFound' });
  });

  it('never spells out, in the emails shown, the name of a device group outside the viewer’s', async () => {
    const { world } = await seed();
    await addRule(world.ctx, { name: 'Everything', recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    const payload = JSON.stringify(nativeIncident('dr-2', [nativeAlert('dr-2a', on('Clients')), nativeAlert('dr-2b', on('Servers'))]));
    const textFor = async (ctx: TenantContext) =>
      (await dryRunForViewer(ctx, { source: 'payload', payload })).incidents[0].emails.find((email) => email.recipients.includes('soc@contoso.com'))!.text;
    // The administrator sees both groups named; a viewer of Clients only sees Clients named, never Servers.
    expect(await textFor(world.ctx)).toContain('Servers');
    const scoped = await textFor(scopedContext(world, ['Clients']));
    expect(scoped).toContain('Clients');
    expect(scoped).not.toContain('Servers');
  });

  it('says what is wrong with a pasted payload', async () => {
    const { world } = await seed();
    await expect(dryRunForViewer(world.ctx, { source: 'payload', payload: '{"externalId":' })).rejects.toMatchObject({ key: 'dryRunInvalidJson' });
    await expect(dryRunForViewer(world.ctx, { source: 'payload', payload: '{"externalId":"x","alerts":"none"}' })).rejects.toMatchObject({
      key: 'dryRunInvalidPayload',
      params: { fields: expect.stringContaining('alerts') },
    });
  });
});
