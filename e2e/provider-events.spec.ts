import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createTenantWithAdmin, createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// What the provider says after sending, as a fresh install shows it: the local mail sink reports each email
// delivered, or bounced hard for `*@bounce.test`. The delivery log shows the provider's report, the rule
// list and side pane flag the dead address, and administrators get a banner; in English and in Dutch.
// Its own tenant and users: the banner must not appear in the other specs' tenant.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';
const DELIVERIES_PATH = '/settings/email-notifications/deliveries';

async function seed() {
  const { tenant, admin } = await createTenantWithAdmin();
  const suffix = randomUUID().slice(0, 8);
  const good = `kept-${suffix}@contoso.com`;
  const dead = `gone-${suffix}@bounce.test`;
  const rule = await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Bounce rule ${suffix}`,
      severities: ['informational', 'low', 'medium', 'high'],
      allDeviceGroups: true,
      allSources: true,
      recipients: {
        create: [good, dead].map((email) => ({ tenantId: tenant.id, email, language: 'en' as const, addedAt: new Date(Date.now() - 1000) })),
      },
    },
  });
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: { tenantId: tenant.id, name: `Bounce key ${suffix}`, prefix: key.slice(0, 12), keyHash: createHash('sha256').update(key).digest('hex') },
  });
  return { tenant, admin, suffix, good, dead, rule, key };
}

function row(page: Page, grid: string, text: string) {
  return page.getByRole('grid', { name: grid }).getByRole('row').filter({ hasText: text });
}

test('the mail sink reports delivered and bounced; the log, the rules and a banner show it in both languages', async ({ page, request, browser }) => {
  const { tenant, admin, suffix, good, dead, rule, key } = await seed();
  const response = await request.post('/api/incidents', {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      externalId: `bounce-${suffix}`,
      displayName: `Phishing ${suffix}`,
      severity: 'high',
      status: 'active',
      alerts: [{ externalId: `bounce-${suffix}-a1`, title: 'Phishing', severity: 'high', serviceSource: 'microsoftDefenderForOffice365' }],
    },
  });
  expect(response.status()).toBe(202);
  await expect
    .poll(async () => (await e2eDb().delivery.findMany({ where: { tenantId: tenant.id }, select: { providerStatus: true } })).map((d) => d.providerStatus).sort(), {
      timeout: 30_000,
    })
    .toEqual(['bounced', 'delivered']);

  await signIn(page, admin);
  await page.goto(DELIVERIES_PATH);
  await expect(row(page, 'Deliveries', good)).toContainText('Delivered');
  const bounced = row(page, 'Deliveries', dead);
  await expect(bounced).toContainText('Bounced');
  await expect(bounced).toContainText('Permanent / General');

  // The banner names the address, on every page.
  const banner = page.getByText('A recipient does not receive email');
  await expect(banner).toBeVisible();
  await expect(page.getByText(new RegExp(`will not deliver to ${dead}`))).toBeVisible();

  await page.getByRole('link', { name: 'Go to the rules' }).click();
  await expect(page).toHaveURL(new RegExp(`${RULES_PATH}$`));
  const ruleRow = row(page, 'Incident notification rules', rule.name);
  await expect(ruleRow).toContainText('1 undeliverable');
  await ruleRow.click();
  const pane = page.getByRole('dialog', { name: rule.name });
  await expect(pane.getByRole('listitem').filter({ hasText: dead })).toContainText('Bounced');
  await expect(pane.getByRole('listitem').filter({ hasText: good })).not.toContainText('Bounced');

  // In Dutch.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Language: English' }).click();
  await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
  await expect(page.getByText('Een ontvanger krijgt geen e-mail')).toBeVisible();
  await expect(row(page, 'Meldingsregels voor incidenten', rule.name)).toContainText('1 onbestelbaar');
  await page.goto(DELIVERIES_PATH);
  await expect(row(page, 'Bezorgingen', dead)).toContainText('Gebounced');
  await expect(row(page, 'Bezorgingen', good)).toContainText('Bezorgd');

  // A Security Operator configures nothing: no banner.
  const operator = await createUser('SECURITY_OPERATOR', { tenantId: tenant.id });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const operatorPage = await context.newPage();
  await signIn(operatorPage, operator);
  await operatorPage.goto(DELIVERIES_PATH);
  await expect(row(operatorPage, 'Deliveries', dead)).toContainText('Bounced');
  await expect(operatorPage.getByText('A recipient does not receive email')).toHaveCount(0);
  await context.close();
});
