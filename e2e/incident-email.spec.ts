import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { createTenantWithAdmin, createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// The whole path of an incident email: a rule made in the wizard (with its test email), the incident
// posted by an integration, the emails in the local mail sink (no RESEND_API_KEY in the e2e server), the
// delivery log, and a re-sent incident that emails nobody twice.

const RULES_PATH = '/settings/email-notifications/incidents';
const DELIVERIES_PATH = '/settings/email-notifications/deliveries';
const MAIL_SINK_PATH = '/mail-sink';
const GRAPH_SAMPLE = readFileSync(
  new URL('../lib/incidents/fixtures/microsoft-graph/v1.0_list-incidents_expand-alerts.json', import.meta.url),
  'utf8',
);
// What the sample says, as the emails must show it. No rule asks for a tenant-specific link: no ?tid=.
const INCIDENT = {
  id: '29',
  name: 'Multi-stage incident involving Execution & Command and control on one endpoint',
  url: 'https://security.microsoft.com/incident2/29/overview',
};

const suffix = () => randomUUID().slice(0, 8);

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Portal navigation' });
}

function sinkRows(page: Page, recipient: string) {
  return page.getByRole('grid', { name: 'Sent emails' }).getByRole('row').filter({ hasText: recipient });
}

function incidentSinkRow(page: Page, recipient: string) {
  return sinkRows(page, recipient).filter({ hasNotText: '[Test]' });
}

function sinkEmailsTo(recipient: string) {
  return e2eDb().sinkEmail.count({ where: { to: { has: recipient } } });
}

function checkboxIn(scope: Locator, group: string, name: string) {
  return scope.getByRole('group', { name: group }).getByRole('checkbox', { name, exact: true });
}

// The value under a label in a <dl>: <dt>label</dt><dd>value</dd>.
function described(scope: Locator, label: string) {
  return scope.locator('dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

// An integration key for the tenant, straight into the database (the API keys spec covers the UI).
async function createApiKey(tenantId: string): Promise<string> {
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: {
      tenantId,
      name: `Incident email key ${suffix()}`,
      prefix: key.slice(0, 12),
      keyHash: createHash('sha256').update(key).digest('hex'),
      createdBy: 'e2e',
    },
  });
  return key;
}

function postSample(request: APIRequestContext, key: string) {
  return request.post('/api/incidents', {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    data: GRAPH_SAMPLE,
  });
}

// Opens the incident email sent to `recipient` from the mail sink and checks what every email must hold.
async function openIncidentEmail(page: Page, recipient: string) {
  await page.goto(MAIL_SINK_PATH);
  // Once in CI (1 of 61, on a busy machine) a click landing while the page hydrated opened nothing: click
  // again, as the user would, rather than fail on that.
  await expect(async () => {
    await incidentSinkRow(page, recipient).getByRole('link').click();
    await expect(page).toHaveURL(/\/mail-sink\/[0-9a-f-]{36}$/, { timeout: 3_000 });
  }).toPass({ timeout: 15_000 });
  const main = page.getByRole('main');
  await expect(described(main, 'To')).toHaveText(recipient);
  await expect(described(main, 'From')).not.toBeEmpty();
  await expect(described(main, 'Subject')).toContainText(INCIDENT.name);
  await expect(described(main, 'Idempotency key')).not.toHaveText('None');
  const preview = main.getByTitle('Email preview');
  // No script, no same-origin access: the email's markup cannot act as the portal.
  await expect(preview).toHaveAttribute('sandbox', '');
  const text = main.getByRole('region', { name: 'Plain text' });
  for (const scope of [text, preview.contentFrame().locator('body')]) {
    await expect(scope).toContainText(INCIDENT.name);
    await expect(scope).toContainText(INCIDENT.id);
  }
  await expect(text).toContainText(INCIDENT.url);
  return { main, text, frame: preview.contentFrame() };
}

test.describe('as the administrator of a new organization', () => {
  // A tenant of its own: the sample's incident is new to it, and its deliveries are only this test's.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a rule made in the wizard emails its recipients in their languages, once per incident version', async ({ page, request }) => {
    test.setTimeout(180_000);
    const { tenant, admin } = await createTenantWithAdmin();
    const id = suffix();
    const ruleName = `Incident email ${id}`;
    const english = `soc-${id}@contoso.com`;
    const dutch = `soc-nl-${id}@contoso.nl`;
    await signIn(page, admin);

    // The wizard: Basics, then Medium + High for every device group and source.
    await page.getByRole('button', { name: 'Add incident notification rule' }).click();
    const main = page.getByRole('main');
    await main.getByLabel('Rule name').fill(ruleName);
    await main.getByRole('button', { name: 'Next' }).click();
    await checkboxIn(main, 'Alert severity', 'Medium').check();
    await checkboxIn(main, 'Alert severity', 'High').check();
    await expect(main.getByRole('radiogroup', { name: 'Device group scope' }).getByRole('radio', { name: 'All device groups' })).toBeChecked();
    await expect(main.getByRole('radiogroup', { name: 'Sources' }).getByRole('radio', { name: 'All sources' })).toBeChecked();
    await main.getByRole('button', { name: 'Next' }).click();

    // Recipients: nothing to test before there is a recipient; then both get the test email.
    const sendTest = main.getByRole('button', { name: 'Send test email' });
    await expect(sendTest).toBeDisabled();
    const address = main.getByRole('textbox', { name: 'Email address' });
    await address.fill(english);
    await address.press('Enter');
    await address.fill(dutch);
    await address.press('Enter');
    const recipients = main.getByRole('table', { name: 'Recipients' });
    await recipients.getByRole('combobox', { name: `Language for ${dutch}` }).selectOption({ label: 'Nederlands' });
    await sendTest.click();
    for (const recipient of [english, dutch]) {
      await expect(recipients.getByRole('row').filter({ hasText: recipient })).toContainText('Accepted', { timeout: 30_000 });
    }
    await expect(sendTest).toBeEnabled();
    await main.getByRole('button', { name: 'Next' }).click();
    await main.getByRole('button', { name: 'Create rule' }).click();
    await expect(page).toHaveURL(/\?rule=[0-9a-f-]{36}$/);
    const pane = page.getByRole('dialog', { name: ruleName });
    await expect(pane).toContainText(english);
    await pane.getByRole('button', { name: 'Close' }).click();
    await expect(pane).toBeHidden();

    // The mail sink holds the two test emails.
    await nav(page).getByRole('link', { name: 'Mail sink' }).click();
    await expect(page).toHaveURL(new RegExp(`${MAIL_SINK_PATH}$`));
    await expect(main.getByRole('heading', { name: 'Mail sink', level: 1 })).toBeVisible();
    await expect(main).toContainText('Set RESEND_API_KEY to send email for real.');
    for (const recipient of [english, dutch]) {
      await expect(sinkRows(page, recipient)).toHaveCount(1);
      await expect(sinkRows(page, recipient)).toContainText('[Test]');
      await expect(sinkRows(page, recipient)).toContainText('category: test_notification');
    }

    // The integration posts the Graph sample: its medium alert on a "Clients" device, in a high incident.
    const key = await createApiKey(tenant.id);
    const first = await postSample(request, key);
    expect(first.status()).toBe(202);
    expect(await first.json()).toMatchObject({ eventsCreated: 1, deliveriesQueued: 2 });
    await expect(async () => {
      await page.reload();
      await expect(incidentSinkRow(page, english)).toHaveCount(1, { timeout: 1_000 });
      await expect(incidentSinkRow(page, dutch)).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });

    const inEnglish = await openIncidentEmail(page, english);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`[High] Incident: ${INCIDENT.name}`);
    for (const words of ['New incident', 'A new incident matches your notification rule.', 'Incident ID', 'Severity', 'High']) {
      await expect(inEnglish.text).toContainText(words);
    }
    await expect(inEnglish.frame.locator('html')).toHaveAttribute('lang', 'en');
    await expect(inEnglish.frame.getByRole('link', { name: 'View incident in Microsoft Defender' })).toHaveAttribute('href', INCIDENT.url);

    const inDutch = await openIncidentEmail(page, dutch);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`[Hoog] Incident: ${INCIDENT.name}`);
    for (const words of ['Nieuw incident', 'Een nieuw incident komt overeen met uw meldingsregel.', 'Incident-id', 'Ernst', 'Hoog']) {
      await expect(inDutch.text).toContainText(words);
    }
    await expect(inDutch.text).not.toContainText('New incident');
    await expect(inDutch.frame.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(inDutch.frame.getByRole('link', { name: 'Incident bekijken in Microsoft Defender' })).toHaveAttribute('href', INCIDENT.url);

    // The delivery log: both sent (as are the two test emails), chosen by the rule.
    await expect.poll(() => e2eDb().delivery.count({ where: { tenantId: tenant.id, status: 'sent' } }), { timeout: 30_000 }).toBe(4);
    await nav(page).getByRole('link', { name: 'Delivery log' }).click();
    await expect(page).toHaveURL(new RegExp(`${DELIVERIES_PATH}$`));
    for (const recipient of [english, dutch]) {
      const row = page.getByRole('grid', { name: 'Deliveries' }).getByRole('row').filter({ hasText: recipient }).filter({ hasText: INCIDENT.name });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(ruleName);
      // The first badge is the status; the provider's report (the sink says Delivered) follows it.
      await expect(row.locator('.fui-Badge').first()).toHaveText('Sent');
    }

    // The same incident version again: accepted, and nobody is emailed twice, also once the dispatcher
    // has worked through everything due.
    const deliveriesBefore = await e2eDb().delivery.count({ where: { tenantId: tenant.id } });
    const again = await postSample(request, key);
    expect(again.status()).toBe(202);
    expect(await again.json()).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0 });
    await expect
      .poll(() => e2eDb().delivery.count({ where: { tenantId: tenant.id, status: { in: ['queued', 'sending'] } } }), { timeout: 30_000 })
      .toBe(0);
    expect(await e2eDb().delivery.count({ where: { tenantId: tenant.id } })).toBe(deliveriesBefore);
    expect(await sinkEmailsTo(english)).toBe(2);
    expect(await sinkEmailsTo(dutch)).toBe(2);
    await page.goto(MAIL_SINK_PATH);
    await expect(sinkRows(page, english)).toHaveCount(2);
    await expect(sinkRows(page, dutch)).toHaveCount(2);
  });
});

// A rule of the default tenant with an English and a Dutch recipient, straight into the database.
async function seedRule() {
  const tenant = await defaultTenant();
  const id = suffix();
  const recipients = [`pane-${id}@contoso.com`, `pane-nl-${id}@contoso.nl`];
  const rule = await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Side pane test email ${id}`,
      severities: ['high'],
      recipients: {
        create: [
          { tenantId: tenant.id, email: recipients[0], language: 'en' },
          { tenantId: tenant.id, email: recipients[1], language: 'nl' },
        ],
      },
    },
  });
  return { rule, recipients };
}

async function openPane(page: Page, ruleName: string) {
  await page.goto(RULES_PATH);
  await page.getByRole('grid', { name: 'Incident notification rules' }).getByRole('row').filter({ hasText: ruleName }).click();
  const pane = page.getByRole('dialog', { name: ruleName });
  await expect(pane.getByText('All device groups')).toBeVisible();
  return pane;
}

test('Send test email in the side pane lists the outcome per recipient', async ({ page }) => {
  const { rule, recipients } = await seedRule();
  const pane = await openPane(page, rule.name);
  await pane.getByRole('button', { name: 'Send test email' }).click();
  const results = pane.getByRole('list', { name: 'Test email results' });
  await expect(results.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  for (const recipient of recipients) {
    await expect(results.getByRole('listitem').filter({ hasText: recipient })).toHaveText(`${recipient}: Accepted`);
  }
  await expect(pane.getByRole('button', { name: 'Send test email' })).toBeEnabled();
  for (const recipient of recipients) expect(await sinkEmailsTo(recipient)).toBe(1);
});

test.describe('as a Security Reader', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('there is no Send test email and no mail sink', async ({ page }) => {
    const { rule } = await seedRule();
    const reader = await createUser('SECURITY_READER');
    // An email of the reader's own tenant: one its administrators would see.
    const email = await e2eDb().sinkEmail.create({
      data: { tenantId: reader.tenantId, fromAddress: 'e2e@localhost', to: ['reader-check@contoso.com'], subject: 'Not for readers', html: '<p>x</p>', text: 'x' },
    });
    await signIn(page, reader);

    const pane = await openPane(page, rule.name);
    await expect(pane.getByRole('button', { name: 'Send test email' })).toHaveCount(0);
    await pane.getByRole('button', { name: 'Close' }).click();
    await expect(nav(page).getByRole('link', { name: 'Delivery log' })).toBeVisible();
    await expect(nav(page).getByRole('link', { name: 'Mail sink' })).toHaveCount(0);
    for (const path of [MAIL_SINK_PATH, `${MAIL_SINK_PATH}/${email.id}`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByText('Not for readers')).toHaveCount(0);
    }
  });
});
