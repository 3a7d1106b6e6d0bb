import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { SAMPLE_INCIDENT } from '@/emails/sample-incident';
import type { EmailPreview } from '@/lib/notifications/email-preview';
import type { ActionResult } from '@/lib/actions/result';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

// The preview action as the browser calls it: real tenants, users, incidents and rules in PostgreSQL; only
// the session cookie read is replaced. What it renders is checked in the words a recipient would read.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));

const { previewRuleEmailAction } = await import('@/lib/actions/preview-rule-email');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

const settings = (overrides: Record<string, unknown> = {}) => ({
  severities: ['high', 'medium'],
  deviceGroupScope: 'all',
  deviceGroupIds: [] as string[],
  sourceScope: 'all',
  sources: [],
  oneNotificationPerIncident: false,
  includeOrganizationName: false,
  includeTenantPortalLink: false,
  ...overrides,
});

type SeedAlert = { title: string; severity?: string; groups: string[] };

async function seedIncident(world: World, name: string, alerts: SeedAlert[]) {
  const incident = await db().incident.create({
    data: {
      tenantId: world.tenant.id,
      externalId: String(Math.floor(Math.random() * 1e9)),
      displayName: name,
      severity: 'high',
      status: 'active',
      incidentWebUrl: 'https://security.microsoft.com/incidents/4242?tid=00000000-0000-4000-8000-000000000000',
    },
  });
  await db().alert.createMany({
    data: alerts.map((alert) => ({
      tenantId: world.tenant.id,
      incidentId: incident.id,
      externalId: `alert-${randomUUID()}`,
      title: alert.title,
      severity: alert.severity ?? 'high',
      status: 'new',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'microsoftDefenderForEndpoint',
      deviceGroupIds: alert.groups,
    })),
  });
  return incident;
}

function preview(input: { rule?: Record<string, unknown>; language?: string; incident?: string }) {
  return previewRuleEmailAction({ rule: settings(), language: 'en', incident: 'sample', ...input } as never);
}

function data(result: ActionResult<EmailPreview>): EmailPreview {
  if (!result.ok) throw new Error(`preview failed: ${result.error}`);
  return result.data;
}

// A user of the RBAC organization `world` who may view incidents of `groupIds` only.
async function scopedUser(world: World, groupIds: string[]) {
  await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
  const user = await db().user.create({
    data: { tenantId: world.tenant.id, email: `scoped-${randomUUID()}@contoso.com`, name: 'Scoped analyst', role: 'SECURITY_OPERATOR' },
  });
  const name = `Viewers ${randomUUID().slice(0, 8)}`;
  await db().rbacRole.create({
    data: {
      tenantId: world.tenant.id,
      name,
      nameKey: name.toLowerCase(),
      permissions: ['viewIncidents'],
      deviceGroups: { create: groupIds.map((deviceGroupId) => ({ tenantId: world.tenant.id, deviceGroupId })) },
      users: { create: [{ tenantId: world.tenant.id, userId: user.id }] },
    },
  });
  return user;
}

beforeAll(async () => {
  own = await createTenant('Contoso Preview');
  other = await createTenant('Fabrikam Preview');
});

describe('the sample incident', () => {
  it("shows the organization name and the tenant's portal link only when the rule includes them", async () => {
    signInAs(own.users.SECURITY_READER);
    const plain = data(await preview({}));
    expect(plain.subject).toBe(`[High] Incident: ${SAMPLE_INCIDENT.displayName}`);
    expect(plain.html).not.toContain('Contoso Preview');
    expect(plain.text).toContain('View incident in Microsoft Defender');
    expect(plain.text).toContain('https://security.microsoft.com/incidents/31337');
    expect(plain.text).not.toContain('tid=');

    const full = data(await preview({ rule: settings({ includeOrganizationName: true, includeTenantPortalLink: true }) }));
    expect(full.subject).toBe(`[High] Incident: ${SAMPLE_INCIDENT.displayName} - Contoso Preview`);
    expect(full.html).toContain('Contoso Preview');
    expect(full.text).toContain(`https://security.microsoft.com/incidents/31337?tid=${own.tenant.microsoftTenantId}`);
    // Never the sender's tenant id the sample's link carries.
    expect(full.text).not.toContain('72f988bf');
  });

  it('is written in the chosen language', async () => {
    signInAs(own.users.SECURITY_READER);
    const dutch = data(await preview({ language: 'nl' }));
    expect(dutch.subject).toBe(`[Hoog] Incident: ${SAMPLE_INCIDENT.displayName}`);
    expect(dutch.html).toContain('lang="nl"');
    expect(dutch.text).toContain('Een nieuw incident komt overeen met uw meldingsregel.');
    expect(dutch.text).toContain('Incident bekijken in Microsoft Defender');
    expect(dutch.text).not.toContain('A new incident matches your notification rule.');
    const english = data(await preview({ language: 'en' }));
    expect(english.text).toContain('A new incident matches your notification rule.');
  });

  it('refuses settings the wizard would refuse, and an unknown language', async () => {
    signInAs(own.users.SECURITY_READER);
    const noSeverity = await preview({ rule: settings({ severities: [] }) });
    expect(noSeverity).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { 'rule.severities': 'severityRequired' } });
    expect(await preview({ language: 'de' })).toMatchObject({ ok: false, error: 'invalidInput' });
    expect(await preview({ incident: 'not-an-incident' })).toMatchObject({ ok: false, error: 'invalidInput' });
  });
});

describe('a recent real incident', () => {
  it('lists the incidents the rule matches and renders the chosen one with the rule options', async () => {
    const [clients, servers] = own.groups;
    const matching = await seedIncident(own, `Ransomware on FIN-${randomUUID().slice(0, 4)}`, [
      { title: 'Ransomware behavior detected', groups: [clients.id] },
      { title: 'Suspicious service creation', severity: 'medium', groups: [servers.id] },
    ]);
    const lowOnly = await seedIncident(own, `Low noise ${randomUUID().slice(0, 4)}`, [{ title: 'Adware', severity: 'low', groups: [clients.id] }]);
    signInAs(own.users.SECURITY_ADMINISTRATOR);

    const listed = data(await preview({}));
    const ids = listed.incidents.map((incident) => incident.id);
    expect(ids).toContain(matching.id);
    expect(ids).not.toContain(lowOnly.id);
    expect(listed.incidents.find((incident) => incident.id === matching.id)).toMatchObject({
      externalId: matching.externalId,
      displayName: matching.displayName,
    });

    const email = data(await preview({
      incident: matching.id,
      language: 'nl',
      rule: settings({ includeOrganizationName: true, includeTenantPortalLink: true }),
    }));
    expect(email.subject).toBe(`[Hoog] Incident: ${matching.displayName} - Contoso Preview`);
    for (const words of ['Ransomware behavior detected', 'Suspicious service creation', 'Clients', 'Servers', `tid=${own.tenant.microsoftTenantId}`]) {
      expect(email.text).toContain(words);
    }
    expect(email.hiddenAlertCount).toBe(0);

    const plain = data(await preview({ incident: matching.id }));
    expect(plain.subject).toBe(`[High] Incident: ${matching.displayName}`);
    expect(plain.text).not.toContain('tid=');
    expect(plain.html).not.toContain('Contoso Preview');
  });

  it("shows only the rule's device groups, and refuses an incident the rule does not match", async () => {
    const [clients, servers] = own.groups;
    const incident = await seedIncident(own, `Two groups ${randomUUID().slice(0, 4)}`, [
      { title: 'Credential dumping on a client', groups: [clients.id] },
      { title: 'Credential dumping on a server', groups: [servers.id] },
    ]);
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const clientsOnly = settings({ deviceGroupScope: 'selected', deviceGroupIds: [clients.id] });
    const email = data(await preview({ incident: incident.id, rule: clientsOnly }));
    expect(email.text).toContain('Credential dumping on a client');
    expect(email.text).not.toContain('Credential dumping on a server');

    const lowOnly = settings({ severities: ['low'] });
    expect(data(await preview({ rule: lowOnly })).incidents.map((listed) => listed.id)).not.toContain(incident.id);
    expect(await preview({ incident: incident.id, rule: lowOnly })).toEqual({ ok: false, error: 'previewIncidentNotMatched' });
  });

  it("does not find another organization's incident", async () => {
    const theirs = await seedIncident(other, 'Fabrikam only', [{ title: 'Their alert', groups: [other.groups[0].id] }]);
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    expect(await preview({ incident: theirs.id })).toEqual({ ok: false, error: 'notFound' });
    expect(data(await preview({})).incidents.map((incident) => incident.id)).not.toContain(theirs.id);
    expect(await preview({ incident: randomUUID() })).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('a user who may view some device groups only', () => {
  it('sees neither incidents outside their groups nor the alerts of others, which are counted', async () => {
    const world = await createTenant();
    const [clients, servers] = world.groups;
    const outside = await seedIncident(world, 'Servers only', [{ title: 'Server alert', groups: [servers.id] }]);
    const mixed = await seedIncident(world, 'Clients and servers', [
      { title: 'Visible client alert', groups: [clients.id] },
      { title: 'Hidden server alert', groups: [servers.id] },
      { title: 'Hidden deviceless alert', groups: [] },
    ]);
    signInAs(await scopedUser(world, [clients.id]));

    const listed = data(await preview({}));
    expect(listed.incidents.map((incident) => incident.id)).toEqual([mixed.id]);
    expect(await preview({ incident: outside.id })).toEqual({ ok: false, error: 'notFound' });

    const email = data(await preview({ incident: mixed.id }));
    expect(email.text).toContain('Visible client alert');
    expect(email.html).not.toContain('Hidden server alert');
    expect(email.html).not.toContain('Hidden deviceless alert');
    expect(email.html).not.toContain('Servers');
    expect(email.hiddenAlertCount).toBe(2);
  });

  it('is refused without a permission over any group', async () => {
    const world = await createTenant();
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    signInAs(world.users.SECURITY_READER);
    expect(await preview({})).toEqual({ ok: false, error: 'forbidden' });
  });
});
