import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { defaultTenant, e2eDb } from './fixtures/database';

const DELIVERIES_PATH = '/settings/email-notifications/deliveries';
const RULES_PATH = '/settings/email-notifications/incidents';
const STATUSES = ['Queued', 'Sending', 'Sent', 'Failed'] as const;

// Where a dispatcher runs (it sends to the local mail sink without RESEND_API_KEY), a new delivery moves
// from Queued through Sending to Sent within moments; without one it stays Queued. Wait until it rests
// (a final status, or unchanged for three seconds) before filtering on its status.
async function settledStatus(recipientEmail: string): Promise<string> {
  const read = async () => {
    const row = await e2eDb().delivery.findFirstOrThrow({ where: { recipientEmail }, select: { status: true, attempts: true } });
    return `${row.status}/${row.attempts}`;
  };
  let last = await read();
  let since = Date.now();
  const deadline = Date.now() + 30_000;
  while (!/^(sent|failed)\//.test(last) && Date.now() - since < 3_000 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await read();
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return last.split('/')[0];
}

function deliveriesGrid(page: Page) {
  return page.getByRole('grid', { name: 'Deliveries' });
}

function deliveryRow(page: Page, recipient: string) {
  return deliveriesGrid(page).getByRole('row').filter({ hasText: recipient });
}

// A rule that chooses every alert, with one recipient of its own, and an integration key; both straight
// into the database. The incident then goes through the real ingest endpoint.
async function seedWorld() {
  const tenant = await defaultTenant();
  const suffix = randomUUID().slice(0, 8);
  const recipient = `delivery-log-${suffix}@contoso.com`;
  const rule = await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Delivery log rule ${suffix}`,
      severities: ['informational', 'low', 'medium', 'high'],
      allDeviceGroups: true,
      allSources: true,
      // A second of slack: a recipient hears only of incidents received after they were added.
      recipients: { create: [{ tenantId: tenant.id, email: recipient, language: 'nl', addedAt: new Date(Date.now() - 1000) }] },
    },
  });
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: {
      tenantId: tenant.id,
      name: `Delivery log key ${suffix}`,
      prefix: key.slice(0, 12),
      keyHash: createHash('sha256').update(key).digest('hex'),
      createdBy: 'e2e',
    },
  });
  const incident = { externalId: `e2e-${suffix}`, displayName: `Ransomware on FINANCE-${suffix}` };
  return { suffix, recipient, rule, key, incident };
}

test('an ingested incident appears in the delivery log, which filters by status, rule, incident and recipient', async ({ page, request }) => {
  const { suffix, recipient, rule, key, incident } = await seedWorld();
  const response = await request.post('/api/incidents', {
    headers: { Authorization: `Bearer ${key}` },
    data: {
      ...incident,
      severity: 'high',
      status: 'active',
      alerts: [
        {
          externalId: `e2e-${suffix}-a1`,
          title: 'Ransomware behavior detected',
          severity: 'high',
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'antivirus',
        },
      ],
    },
  });
  expect(response.status()).toBe(202);
  expect((await response.json()).deliveriesQueued).toBeGreaterThanOrEqual(1);

  const status = await settledStatus(recipient);

  await page.goto(RULES_PATH);
  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Delivery log' }).click();
  await expect(page).toHaveURL(new RegExp(`${DELIVERIES_PATH}$`));
  await expect(page.getByRole('main').getByRole('heading', { name: 'Delivery log', level: 1 })).toBeVisible();

  const row = deliveryRow(page, recipient);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(incident.displayName);
  await expect(row).toContainText(`ID ${incident.externalId}`);
  await expect(row).toContainText('New incident');
  await expect(row).toContainText(rule.name);
  await expect(row).toContainText('Nederlands');
  await expect(row).toContainText('UTC');
  const statusText = STATUSES.find((label) => label.toLowerCase() === status)!;
  // The first badge is the status; the provider's report follows it.
  await expect(row.locator('.fui-Badge').first()).toHaveText(statusText);

  // By rule: the query string carries the filter, and every row shown was chosen by that rule.
  await page.getByRole('combobox', { name: 'Rule' }).selectOption({ label: rule.name });
  await expect(page).toHaveURL(new RegExp(`\\?ruleId=${rule.id}$`));
  await expect(row).toHaveCount(1);
  await expect(deliveriesGrid(page).getByRole('row')).toHaveCount(2); // header + the one delivery

  // By status: another status hides it (with the empty-state text), its own shows it.
  const other = STATUSES.find((label) => label !== statusText)!;
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: other });
  await expect(page).toHaveURL(new RegExp(`\\?status=${other.toLowerCase()}&ruleId=${rule.id}$`));
  await expect(page.getByText('No deliveries match these filters.')).toBeVisible();
  await expect(deliveriesGrid(page)).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: statusText });
  await expect(page).toHaveURL(new RegExp(`status=${statusText.toLowerCase()}`));
  await expect(row).toHaveCount(1);

  // The filtered log is linkable: a fresh load of the URL shows the same filters and rows.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Rule' })).toHaveValue(rule.id);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue(statusText.toLowerCase());
  await expect(row).toHaveCount(1);

  // Text filters: incident by id, then by part of its name; recipient.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(new RegExp(`${DELIVERIES_PATH}$`));
  const incidentFilter = page.getByRole('searchbox', { name: 'Incident' });
  await incidentFilter.fill(incident.externalId);
  await incidentFilter.press('Enter');
  await expect(page).toHaveURL(new RegExp(`incident=${incident.externalId}`));
  // Only this incident's deliveries (other specs' rules in the shared tenant may email about it too): the
  // header is the one row without its id.
  await expect(deliveriesGrid(page).getByRole('row').filter({ hasNotText: incident.externalId })).toHaveCount(1);
  await expect(row).toHaveCount(1);
  await incidentFilter.fill(`finance-${suffix}`);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`incident=finance-${suffix}`));
  await expect(row).toHaveCount(1);
  await incidentFilter.fill('');
  await page.getByRole('searchbox', { name: 'Recipient' }).fill(recipient.toUpperCase());
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/recipient=/);
  await expect(deliveriesGrid(page).getByRole('row')).toHaveCount(2);
  await expect(row).toHaveCount(1);
  await page.getByRole('searchbox', { name: 'Recipient' }).fill(`nobody-${suffix}@contoso.com`);
  await page.getByRole('searchbox', { name: 'Recipient' }).press('Enter');
  await expect(page.getByText('No deliveries match these filters.')).toBeVisible();
});

test('the rule side pane links to the log filtered by that rule', async ({ page }) => {
  const { rule } = await seedWorld();
  const tenant = await defaultTenant();
  // Two deliveries of this rule, written directly (this test is about the link and the columns, not the
  // ingest), in final states so that no dispatcher picks them up.
  const sent = `side-pane-sent-${randomUUID().slice(0, 8)}@contoso.com`;
  const failed = `side-pane-failed-${randomUUID().slice(0, 8)}@contoso.com`;
  const lastError = `Resend answered 422 validation_error: The ${failed} address is not deliverable. `.repeat(3).trim();
  const base = { tenantId: tenant.id, kind: 'test' as const, includeOrganizationName: false, includeTenantPortalLink: false };
  const rules = { create: [{ ruleId: rule.id, ruleName: rule.name, tenantId: tenant.id }] };
  await e2eDb().delivery.create({
    data: { ...base, recipientEmail: sent, language: 'en', status: 'sent', attempts: 1, sentAt: new Date(), providerMessageId: 'e2e-message-1', rules },
  });
  await e2eDb().delivery.create({
    data: { ...base, recipientEmail: failed, language: 'nl', status: 'failed', attempts: 5, lastError, rules },
  });

  await page.goto(RULES_PATH);
  await page.getByRole('grid', { name: 'Incident notification rules' }).getByRole('row').filter({ hasText: rule.name }).click();
  const pane = page.getByRole('dialog', { name: rule.name });
  await pane.getByRole('link', { name: 'View delivery log' }).click();

  await expect(page).toHaveURL(new RegExp(`${DELIVERIES_PATH}\\?ruleId=${rule.id}$`));
  await expect(page.getByRole('combobox', { name: 'Rule' })).toHaveValue(rule.id);
  await expect(deliveriesGrid(page).getByRole('row')).toHaveCount(3);
  const sentRow = deliveryRow(page, sent);
  await expect(sentRow).toContainText('Test email');
  await expect(sentRow).toContainText('English');
  await expect(sentRow).toContainText('Sent');
  await expect(sentRow).toContainText('e2e-message-1');
  await expect(sentRow).toContainText(/Sent .*UTC/);

  // The last error is cut to one line in the grid, and expands in place.
  const failedRow = deliveryRow(page, failed);
  await expect(failedRow).toContainText('Failed');
  await expect(failedRow).toContainText('Nederlands');
  await expect(failedRow).toContainText('5');
  const errorText = failedRow.getByText(lastError, { exact: true });
  const collapsedHeight = (await errorText.boundingBox())!.height;
  const expand = failedRow.getByRole('button', { name: 'Show full error' });
  await expect(expand).toHaveAttribute('aria-expanded', 'false');
  await expand.click();
  await expect(failedRow.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(async () => (await errorText.boundingBox())!.height).toBeGreaterThan(collapsedHeight * 2);

  // Filtering by status keeps the rule.
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failed' });
  await expect(page).toHaveURL(new RegExp(`\\?status=failed&ruleId=${rule.id}$`));
  await expect(deliveriesGrid(page).getByRole('row')).toHaveCount(2);
  await expect(failedRow).toHaveCount(1);
});
