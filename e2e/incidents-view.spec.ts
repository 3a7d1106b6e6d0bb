import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createRbacRole, createRbacTenant, createTenantWithAdmin, createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';
import type { AlertSeverity } from '../lib/generated/prisma/enums';

// Email notifications → Incidents received: the list with its filters, and an incident's page saying per
// event which rule emailed whom, or why not. Incidents go through the real ingest endpoint; each test has
// its own tenant, so the list holds only its incidents.
test.use({ storageState: { cookies: [], origins: [] } });

const RECEIVED_PATH = '/settings/email-notifications/received';

async function apiKey(tenantId: string): Promise<string> {
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: { tenantId, name: `Incidents view key ${randomUUID().slice(0, 6)}`, prefix: key.slice(0, 12), keyHash: createHash('sha256').update(key).digest('hex'), createdBy: 'e2e' },
  });
  return key;
}

async function post(request: APIRequestContext, key: string, incident: Record<string, unknown>) {
  const response = await request.post('/api/incidents', { headers: { Authorization: `Bearer ${key}` }, data: incident });
  expect(response.status(), await response.text()).toBe(202);
}

const alert = (externalId: string, severity: string, device: string, group: string) => ({
  externalId,
  title: `Suspicious activity on ${device}`,
  severity,
  status: 'new',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  devices: [{ name: device, rbacGroupName: group }],
});

// A rule straight into the database, recipients added a second ago (they hear only of later incidents).
async function rule(tenantId: string, name: string, options: { severities?: AlertSeverity[]; enabled?: boolean; groupIds?: string[]; recipients: string[] }) {
  return e2eDb().notificationRule.create({
    data: {
      tenantId,
      name,
      enabled: options.enabled ?? true,
      severities: options.severities ?? ['informational', 'low', 'medium', 'high'],
      allDeviceGroups: !options.groupIds,
      allSources: true,
      deviceGroups: { create: (options.groupIds ?? []).map((deviceGroupId) => ({ tenantId, deviceGroupId })) },
      recipients: { create: options.recipients.map((email) => ({ tenantId, email, language: 'en' as const, addedAt: new Date(Date.now() - 1000) })) },
    },
  });
}

const grid = (page: Page, name: string) => page.getByRole('grid', { name });
const decisionRow = (page: Page, ...texts: string[]) =>
  texts.reduce((rows, text) => rows.filter({ hasText: text }), page.getByRole('table', { name: /^Rules and recipients|^Regels en ontvangers/ }).getByRole('row'));

test('lists incidents with filters and explains, per event, who was emailed and why each other rule was not', async ({ page, request }) => {
  const { tenant, admin } = await createTenantWithAdmin();
  const suffix = randomUUID().slice(0, 6);
  const key = await apiKey(tenant.id);
  await rule(tenant.id, `High alerts ${suffix}`, { severities: ['high'], recipients: [`soc-${suffix}@contoso.com`] });
  await rule(tenant.id, `Switched off ${suffix}`, { enabled: false, recipients: [`off-${suffix}@contoso.com`] });
  await rule(tenant.id, `Informational only ${suffix}`, { severities: ['informational'], recipients: [`info-${suffix}@contoso.com`] });

  await post(request, key, { externalId: `v-1-${suffix}`, displayName: `Ransomware ${suffix}`, severity: 'high', status: 'active', alerts: [alert(`v-1a-${suffix}`, 'high', 'pc-1', 'Clients')] });
  await post(request, key, { externalId: `v-2-${suffix}`, displayName: `Port scan ${suffix}`, severity: 'low', status: 'active', alerts: [alert(`v-2a-${suffix}`, 'low', 'srv-1', 'Servers')] });

  await signIn(page, admin);
  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Incidents received' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Incidents received' })).toBeVisible();
  const incidents = grid(page, 'Incidents received');
  await expect(incidents.getByRole('row')).toHaveCount(3);
  // Newest first.
  await expect(incidents.getByRole('row').nth(1)).toContainText(`Port scan ${suffix}`);
  await expect(incidents.getByRole('row').filter({ hasText: `Ransomware ${suffix}` })).toContainText('1 email');
  await expect(incidents.getByRole('row').filter({ hasText: `Port scan ${suffix}` })).toContainText('Not emailed');

  // Filters go to the URL and the server.
  await page.getByLabel('Email', { exact: true }).selectOption({ label: 'Not emailed' });
  await expect(page).toHaveURL(/emailed=no/);
  await expect(incidents.getByRole('row')).toHaveCount(2);
  await expect(incidents).toContainText(`Port scan ${suffix}`);
  await page.getByLabel('Severity').selectOption({ label: 'High' });
  await expect(page.getByText('No incidents match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(incidents.getByRole('row')).toHaveCount(3);
  await page.getByLabel('Device group').selectOption({ label: 'Clients' });
  await expect(incidents.getByRole('row')).toHaveCount(2);
  await expect(incidents).toContainText(`Ransomware ${suffix}`);

  await incidents.getByRole('link', { name: `Ransomware ${suffix}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Ransomware ${suffix}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Alerts of the incident' })).toContainText('pc-1 (Clients)');
  await expect(page.getByRole('heading', { name: /Incident created/ })).toBeVisible();
  await expect(decisionRow(page, `High alerts ${suffix}`, `soc-${suffix}@contoso.com`)).toContainText('Emailed');
  await expect(decisionRow(page, `Switched off ${suffix}`)).toContainText('The rule was turned off.');
  await expect(decisionRow(page, `Informational only ${suffix}`)).toContainText("None of the event's alert severities is selected");
});

test('in Dutch, a user limited to some device groups sees only their incidents, alerts and rules; the rest is counted', async ({ page, request }) => {
  const { tenant, groups } = await createRbacTenant(['Amsterdam', 'Berlijn']);
  const user = await createUser('SECURITY_OPERATOR', { tenantId: tenant.id, language: 'nl' });
  await createRbacRole(tenant.id, { name: `Amsterdam ${randomUUID().slice(0, 6)}`, permissions: ['viewIncidents'], deviceGroupIds: [groups.Amsterdam.id], userIds: [user.id] });
  const suffix = randomUUID().slice(0, 6);
  const key = await apiKey(tenant.id);
  await rule(tenant.id, `Amsterdam-regel ${suffix}`, { groupIds: [groups.Amsterdam.id], recipients: [`ams-${suffix}@contoso.nl`] });
  await rule(tenant.id, `Berlijn-regel ${suffix}`, { groupIds: [groups.Berlijn.id], recipients: [`ber-${suffix}@contoso.nl`] });

  await post(request, key, {
    externalId: `r-1-${suffix}`,
    displayName: `Phishing ${suffix}`,
    severity: 'medium',
    status: 'active',
    alerts: [alert(`r-1a-${suffix}`, 'medium', 'pc-ams', groups.Amsterdam.name), alert(`r-1b-${suffix}`, 'medium', 'pc-ber', groups.Berlijn.name)],
  });
  await post(request, key, { externalId: `r-2-${suffix}`, displayName: `Berlijns incident ${suffix}`, severity: 'high', status: 'active', alerts: [alert(`r-2a-${suffix}`, 'high', 'srv-ber', groups.Berlijn.name)] });
  const hidden = await e2eDb().incident.findFirstOrThrow({ where: { tenantId: tenant.id, externalId: `r-2-${suffix}` } });

  await signIn(page, user);
  await page.goto(RECEIVED_PATH);
  await expect(page.getByRole('heading', { level: 1, name: 'Ontvangen incidenten' })).toBeVisible();
  const incidents = grid(page, 'Ontvangen incidenten');
  await expect(incidents.getByRole('row')).toHaveCount(2);
  await expect(incidents).not.toContainText(`Berlijns incident ${suffix}`);
  await expect(page.getByText('1 incident betreft alleen apparaatgroepen buiten de uwe en wordt niet getoond.')).toBeVisible();
  await expect(incidents.getByRole('row').filter({ hasText: `Phishing ${suffix}` })).toContainText('+1 waarschuwing buiten uw apparaatgroepen');

  await incidents.getByRole('link', { name: `Phishing ${suffix}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Phishing ${suffix}` })).toBeVisible();
  const alerts = page.getByRole('table', { name: 'Waarschuwingen van het incident' });
  await expect(alerts).toContainText('pc-ams');
  await expect(alerts).not.toContainText('pc-ber');
  await expect(page.getByText('Nog 1 waarschuwing betreft apparaatgroepen buiten de uwe.')).toBeVisible();
  await expect(decisionRow(page, `Amsterdam-regel ${suffix}`, `ams-${suffix}@contoso.nl`)).toContainText('Gemaild');
  await expect(page.getByRole('table', { name: /^Regels en ontvangers/ })).not.toContainText(`Berlijn-regel ${suffix}`);
  await expect(page.getByText('Nog 1 regel betreft apparaatgroepen buiten de uwe.')).toBeVisible();

  // An incident wholly outside their groups does not exist for them, even by its address.
  const response = await page.goto(`${RECEIVED_PATH}/${hidden.id}`);
  expect(response?.status()).toBe(404);
});
