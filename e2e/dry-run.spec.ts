import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createTenantWithAdmin, createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// "Test an incident against the rules": the sample or an incident received, through the real page, which
// shows the rules and recipients it would reach, why the others would not, and the emails, storing nothing.
test.use({ storageState: { cookies: [], origins: [] } });

async function seedRules(tenantId: string, suffix: string) {
  const create = (name: string, enabled: boolean, email: string, language: 'en' | 'nl') =>
    e2eDb().notificationRule.create({
      data: {
        tenantId,
        name,
        enabled,
        severities: ['medium', 'high'],
        allDeviceGroups: true,
        allSources: true,
        recipients: { create: [{ tenantId, email, language, addedAt: new Date(Date.now() - 1000) }] },
      },
    });
  await create(`Every high alert ${suffix}`, true, `soc-${suffix}@contoso.com`, 'en');
  await create(`Dutch team ${suffix}`, true, `team-${suffix}@contoso.nl`, 'nl');
  await create(`Switched off ${suffix}`, false, `off-${suffix}@contoso.com`, 'en');
}

const decisions = (page: Page) => page.getByRole('table', { name: /^Rules and recipients|^Regels en ontvangers/ });
const row = (page: Page, ...texts: string[]) => texts.reduce((rows, text) => rows.filter({ hasText: text }), decisions(page).getByRole('row'));

test('the sample shows who would be emailed, why a rule would not, and each email, with nothing stored', async ({ page }) => {
  const { tenant, admin } = await createTenantWithAdmin();
  const suffix = randomUUID().slice(0, 6);
  await seedRules(tenant.id, suffix);

  await signIn(page, admin);
  await page.goto('/settings/email-notifications/received');
  await page.getByRole('link', { name: 'Test an incident against the rules' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Test an incident against the rules' })).toBeVisible();

  // A payload that is not JSON is refused with what is wrong.
  await page.getByLabel('Payload (JSON)').fill('{"externalId": ');
  await page.getByRole('button', { name: 'Test the payload' }).click();
  await expect(page.getByText(/The payload is not valid JSON/)).toBeVisible();

  await page.getByRole('button', { name: 'Use the sample' }).click();
  await expect(page.getByLabel('Payload (JSON)')).toHaveValue(/Ransomware activity on one endpoint/);
  await page.getByRole('button', { name: 'Test the payload' }).click();
  await expect(page.getByRole('heading', { name: 'Result for Ransomware activity on one endpoint' })).toBeVisible();
  await expect(page.getByText('Nothing was stored or sent.')).toBeVisible();
  await expect(row(page, `Every high alert ${suffix}`, `soc-${suffix}@contoso.com`)).toContainText('Would be emailed');
  await expect(row(page, `Switched off ${suffix}`)).toContainText('The rule was turned off.');
  // One email per language, each rendered as the recipient would get it.
  await expect(page.getByText(`To soc-${suffix}@contoso.com (English)`)).toBeVisible();
  await expect(page.getByText(`To team-${suffix}@contoso.nl (Nederlands)`)).toBeVisible();
  const preview = page.frameLocator('iframe[title^="Email preview"]').first();
  await expect(preview.locator('body')).toContainText('Ransomware activity on one endpoint');

  expect(await e2eDb().incident.count({ where: { tenantId: tenant.id } })).toBe(0);
  expect(await e2eDb().delivery.count({ where: { tenantId: tenant.id } })).toBe(0);
});

test('in Dutch, an incident received is tested again from its own page', async ({ page, request }) => {
  const { tenant } = await createTenantWithAdmin();
  const user = await createUser('SECURITY_READER', { tenantId: tenant.id, language: 'nl' });
  const suffix = randomUUID().slice(0, 6);
  await seedRules(tenant.id, suffix);
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: { tenantId: tenant.id, name: `Dry run key ${suffix}`, prefix: key.slice(0, 12), keyHash: createHash('sha256').update(key).digest('hex'), createdBy: 'e2e' },
  });
  const response = await request.post('/api/incidents', {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      externalId: `dr-${suffix}`,
      displayName: `Verdachte aanmelding ${suffix}`,
      severity: 'medium',
      status: 'active',
      alerts: [{ externalId: `dr-${suffix}-a`, title: 'Onmogelijke reis', severity: 'medium', status: 'new', serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus' }],
    },
  });
  expect(response.status()).toBe(202);
  const deliveries = await e2eDb().delivery.count({ where: { tenantId: tenant.id } });

  await signIn(page, user);
  await page.goto('/settings/email-notifications/received');
  await page.getByRole('grid', { name: 'Ontvangen incidenten' }).getByRole('link', { name: `Verdachte aanmelding ${suffix}` }).click();
  await page.getByRole('link', { name: 'Dit incident nu testen tegen de regels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Een incident testen tegen de regels' })).toBeVisible();
  await page.getByRole('button', { name: 'Dit incident testen' }).click();
  await expect(page.getByRole('heading', { name: `Resultaat voor Verdachte aanmelding ${suffix}` })).toBeVisible();
  await expect(row(page, `Dutch team ${suffix}`, `team-${suffix}@contoso.nl`)).toContainText('Zou worden gemaild');
  await expect(row(page, `Switched off ${suffix}`)).toContainText('De regel stond uit.');
  await expect(page.getByText(`Aan team-${suffix}@contoso.nl (Nederlands)`)).toBeVisible();
  expect(await e2eDb().delivery.count({ where: { tenantId: tenant.id } })).toBe(deliveries);
});
