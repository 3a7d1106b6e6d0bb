import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_ADMIN } from './env';
import { defaultTenant, e2eDb } from './fixtures/database';

// The administrator's saved session (setup project). Every test works on its own uniquely named rule.

const RULES_PATH = '/settings/email-notifications/incidents';
const ENDPOINT = 'Microsoft Defender for Endpoint';

function unique(prefix: string) {
  return `${prefix} ${randomUUID().slice(0, 8)}`;
}

function rulesGrid(page: Page) {
  return page.getByRole('grid', { name: 'Incident notification rules' });
}

function ruleRow(page: Page, name: string) {
  return rulesGrid(page).getByRole('row').filter({ hasText: name });
}

// The cell of `row` under the column header `column`. The header row starts with the (unnamed) selection
// column's cell, like every body row, so header cells and body cells line up one to one.
async function cell(page: Page, row: Locator, column: string) {
  const header = rulesGrid(page).getByRole('row').filter({ has: page.getByRole('columnheader') });
  await expect(header.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  const texts = (await header.locator('[role="gridcell"], [role="columnheader"]').allInnerTexts()).map((text) => text.trim());
  const index = texts.indexOf(column);
  expect(index, `column "${column}" in ${JSON.stringify(texts)}`).toBeGreaterThan(0);
  return row.getByRole('gridcell').nth(index);
}

function currentStep(page: Page) {
  return page.getByRole('navigation', { name: 'Steps' }).locator('[aria-current="step"]');
}

// The value shown under a label in a rule summary (review step, side pane): <dt>label</dt><dd>value</dd>.
function summaryValue(scope: Locator, label: string) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return scope.locator('dt').filter({ hasText: exact }).locator('xpath=following-sibling::dd[1]');
}

function checkboxIn(scope: Locator, group: string, name: string) {
  return scope.getByRole('group', { name: group }).getByRole('checkbox', { name, exact: true });
}

// A rule written straight into the database, for the tests that start from an existing rule.
async function seedRule(name: string) {
  const tenant = await defaultTenant();
  const [clients] = await e2eDb().deviceGroup.findMany({ where: { tenantId: tenant.id, name: 'Clients' } });
  return e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name,
      description: 'Seeded by the e2e suite',
      severities: ['medium', 'high'],
      allDeviceGroups: false,
      allSources: false,
      deviceGroups: { create: [{ tenantId: tenant.id, deviceGroupId: clients!.id }] },
      sourceFilters: {
        create: [
          { tenantId: tenant.id, serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', severities: ['high'] },
        ],
      },
      recipients: { create: [{ tenantId: tenant.id, email: `seeded-${randomUUID().slice(0, 8)}@contoso.com`, language: 'en' }] },
    },
  });
}

test('a rule created through every wizard step is listed, shown in the side pane and stored as entered', async ({ page }) => {
  const name = unique('Endpoint high severity');
  const suffix = randomUUID().slice(0, 8);
  const english = `soc-lead-${suffix}@contoso.com`;
  const dutch = `analist-${suffix}@contoso.nl`;

  await page.goto(RULES_PATH);
  await page.getByRole('button', { name: 'Add incident notification rule' }).click();
  await expect(page).toHaveURL(/\/incidents\/new$/);
  const main = page.getByRole('main');

  // Basics: the name is required before Next moves on.
  await expect(currentStep(page)).toHaveText('Basics');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(main.getByText('Enter a rule name.')).toBeVisible();
  await expect(currentStep(page)).toHaveText('Basics');
  await main.getByLabel('Rule name').fill(name);
  await main.getByLabel('Description').fill('First draft');
  await main.getByRole('button', { name: 'Next' }).click();

  // Notification settings.
  await expect(currentStep(page)).toHaveText('Notification settings');
  for (const severity of ['High', 'Medium', 'Low']) await checkboxIn(main, 'Alert severity', severity).check();

  await main.getByRole('radiogroup', { name: 'Device group scope' }).getByRole('radio', { name: 'Specific device groups' }).check();
  await checkboxIn(main, 'Device groups', 'Clients').check();
  await checkboxIn(main, 'Device groups', 'Servers').check();

  await main.getByRole('radiogroup', { name: 'Sources' }).getByRole('radio', { name: 'Specific sources' }).check();
  const serviceSources = main.getByRole('group', { name: 'Service sources' });
  const endpointDetections = serviceSources.getByRole('group', { name: `Detection sources for ${ENDPOINT}` });
  await expect(endpointDetections).toBeHidden();
  await serviceSources.getByRole('button', { name: `Show detection sources for ${ENDPOINT}` }).click();
  await expect(endpointDetections).toBeVisible();
  // A new source starts with the rule's severities (High, Medium, Low); EDR drops Low, Experts adds Informational.
  await endpointDetections.getByRole('checkbox', { name: 'EDR', exact: true }).check();
  const edrSeverity = endpointDetections.getByRole('group', { name: 'Severity for EDR' });
  await expect(edrSeverity.getByRole('checkbox', { name: 'Low' })).toBeChecked();
  await edrSeverity.getByRole('checkbox', { name: 'Low' }).uncheck();
  await endpointDetections.getByRole('checkbox', { name: 'Microsoft Defender Experts', exact: true }).check();
  await checkboxIn(endpointDetections, 'Severity for Microsoft Defender Experts', 'Informational').check();

  await main.getByRole('checkbox', { name: 'Send only one notification per incident' }).check();
  await main.getByRole('checkbox', { name: 'Include organization name in the email' }).check();
  await main.getByRole('button', { name: 'Next' }).click();

  // Recipients: nothing added yet is refused, so are an invalid and a duplicate address, inline.
  await expect(currentStep(page)).toHaveText('Recipients');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(main.getByText('Add at least one recipient.')).toBeVisible();
  await expect(currentStep(page)).toHaveText('Recipients');

  const address = main.getByRole('textbox', { name: 'Email address' });
  await address.fill('not-an-address');
  await main.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(main.getByText('Enter a valid email address, like name@contoso.com.')).toBeVisible();
  await expect(main.getByRole('table', { name: 'Recipients' })).toHaveCount(0);

  await address.fill(english);
  await address.press('Enter');
  await expect(address).toHaveValue('');
  // The same address in other capitals is the same recipient.
  await address.fill(english.toUpperCase());
  await main.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(main.getByText('This email address is already a recipient.')).toBeVisible();
  await address.fill(dutch);
  await main.getByRole('button', { name: 'Add', exact: true }).click();

  const recipients = main.getByRole('table', { name: 'Recipients' });
  await expect(recipients.getByRole('row')).toHaveCount(3); // header + two addresses
  await expect(recipients.getByRole('combobox', { name: `Language for ${english}` })).toHaveValue('en');
  await recipients.getByRole('combobox', { name: `Language for ${dutch}` }).selectOption({ label: 'Nederlands' });
  await main.getByRole('button', { name: 'Next' }).click();

  // Review shows every choice.
  await expect(currentStep(page)).toHaveText('Review rule');
  await expect(main).toContainText(name);
  await expect(main).toContainText('First draft');
  await expect(summaryValue(main, 'Alert severity')).toHaveText('High, Medium, Low');
  await expect(main.getByRole('listitem').filter({ hasText: /^Clients$/ })).toBeVisible();
  await expect(main.getByRole('listitem').filter({ hasText: /^Servers$/ })).toBeVisible();
  await expect(main).toContainText(`EDR (${ENDPOINT}): High, Medium`);
  await expect(main).toContainText(`Microsoft Defender Experts (${ENDPOINT}): High, Medium, Low, Informational`);
  await expect(main).toContainText(`${english} (English)`);
  await expect(main).toContainText(`${dutch} (Nederlands)`);

  // Each Edit button goes back to its step; the review step reached once stays reachable from the step list.
  const steps = page.getByRole('navigation', { name: 'Steps' });
  await main.getByRole('button', { name: 'Edit Basics' }).click();
  await expect(currentStep(page)).toHaveText('Basics');
  await expect(main.getByLabel('Rule name')).toHaveValue(name);
  await main.getByLabel('Description').fill('Pages the SOC lead and the analyst');
  await steps.getByRole('button', { name: 'Review rule' }).click();
  await expect(currentStep(page)).toHaveText('Review rule');
  await expect(main).toContainText('Pages the SOC lead and the analyst');

  await main.getByRole('button', { name: 'Edit Notification settings' }).click();
  await expect(currentStep(page)).toHaveText('Notification settings');
  await expect(checkboxIn(main, 'Device groups', 'Servers')).toBeChecked();
  await steps.getByRole('button', { name: 'Review rule' }).click();

  await main.getByRole('button', { name: 'Edit Recipients' }).click();
  await expect(currentStep(page)).toHaveText('Recipients');
  await expect(main.getByRole('combobox', { name: `Language for ${dutch}` })).toHaveValue('nl');
  await steps.getByRole('button', { name: 'Review rule' }).click();
  await expect(currentStep(page)).toHaveText('Review rule');

  await main.getByRole('button', { name: 'Create rule' }).click();

  // Back on the list, with the new rule's side pane open.
  await expect(page).toHaveURL(/\/incidents\?rule=/);
  const pane = page.getByRole('dialog', { name });
  await expect(pane).toBeVisible();
  await pane.getByRole('button', { name: 'Close' }).click();
  await expect(pane).toBeHidden();

  const row = ruleRow(page, name);
  await expect(row).toHaveCount(1);
  await expect(await cell(page, row, 'Alert severity')).toHaveText('High, Medium, Low');
  await expect(await cell(page, row, 'Device groups')).toHaveText('Clients, Servers');
  await expect(await cell(page, row, 'Recipients')).toHaveText('2');
  await expect(await cell(page, row, 'Status')).toHaveText('On');

  await row.click();
  await expect(pane).toBeVisible();
  await expect(pane.getByRole('switch', { name: 'Rule enabled' })).toBeChecked();
  await expect(pane).toContainText('Pages the SOC lead and the analyst');
  await expect(summaryValue(pane, 'Alert severity')).toHaveText('High, Medium, Low');
  await expect(summaryValue(pane, 'Send only one notification per incident')).toHaveText('Yes');
  await expect(summaryValue(pane, 'Include tenant-specific portal link')).toHaveText('No');
  await expect(pane).toContainText(`EDR (${ENDPOINT}): High, Medium`);
  await expect(pane).toContainText(`Microsoft Defender Experts (${ENDPOINT}): High, Medium, Low, Informational`);
  await expect(pane.getByRole('heading', { name: 'Recipients (2)' })).toBeVisible();
  await expect(pane).toContainText(`${english} (English)`);
  await expect(pane).toContainText(`${dutch} (Nederlands)`);
  await expect(pane).toContainText('by Administrator');

  // Stored exactly as entered, in the administrator's tenant, with its author.
  const stored = await e2eDb().notificationRule.findFirstOrThrow({
    where: { name },
    include: { deviceGroups: { include: { deviceGroup: true } }, sourceFilters: true, recipients: true, createdBy: true },
  });
  expect(stored.tenantId).toBe((await defaultTenant()).id);
  expect(stored.createdBy?.email).toBe(E2E_ADMIN.email);
  expect(stored.enabled).toBe(true);
  expect([...stored.severities].sort()).toEqual(['high', 'low', 'medium']);
  expect(stored.allDeviceGroups).toBe(false);
  expect(stored.deviceGroups.map((link) => link.deviceGroup.name).sort()).toEqual(['Clients', 'Servers']);
  expect(stored.allSources).toBe(false);
  expect(
    stored.sourceFilters
      .map((f) => ({ service: f.serviceSource, detection: f.detectionSource, severities: [...f.severities].sort() }))
      .sort((a, b) => String(a.detection).localeCompare(String(b.detection))),
  ).toEqual([
    { service: 'microsoftDefenderForEndpoint', detection: 'microsoftDefenderForEndpoint', severities: ['high', 'medium'] },
    { service: 'microsoftDefenderForEndpoint', detection: 'microsoftThreatExperts', severities: ['high', 'informational', 'low', 'medium'] },
  ]);
  expect(stored.oneNotificationPerIncident).toBe(true);
  expect(stored.includeOrganizationName).toBe(true);
  expect(stored.includeTenantPortalLink).toBe(false);
  expect(stored.recipients.map((r) => ({ email: r.email, language: r.language })).sort((a, b) => a.email.localeCompare(b.email))).toEqual([
    { email: dutch, language: 'nl' },
    { email: english, language: 'en' },
  ]);
});

test('after Next refused an empty name, typing a name and selecting Next moves on at the first click', async ({ page }) => {
  // Regression: the message used to clear only on blur (the mousedown of the click), the footer moved
  // up under the pointer and the click was lost.
  await page.goto(`${RULES_PATH}/new`);
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(main.getByText('Enter a rule name.')).toBeVisible();
  await main.getByLabel('Rule name').fill(unique('Corrected'));
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(currentStep(page)).toHaveText('Notification settings', { timeout: 3_000 });
});

test('editing a rule renames it and changes a severity; the list, the side pane and the database follow', async ({ page }) => {
  const rule = await seedRule(unique('Servers watch'));
  const renamed = unique('Servers watch renamed');

  await page.goto(RULES_PATH);
  // Enter on a focused row opens its side pane too.
  await ruleRow(page, rule.name).focus();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('dialog', { name: rule.name });
  await expect(pane).toBeVisible();
  await pane.getByRole('button', { name: 'Edit rule' }).click();

  await expect(page).toHaveURL(new RegExp(`/incidents/${rule.id}/edit$`));
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Edit rule', level: 1 })).toBeVisible();
  await expect(main.getByLabel('Rule name')).toHaveValue(rule.name);
  await main.getByLabel('Rule name').fill(renamed);
  await main.getByRole('button', { name: 'Next' }).click();

  // The stored settings are loaded; services with a chosen detection source start expanded.
  await expect(currentStep(page)).toHaveText('Notification settings');
  await expect(checkboxIn(main, 'Alert severity', 'Medium')).toBeChecked();
  await expect(checkboxIn(main, 'Device groups', 'Clients')).toBeChecked();
  await expect(checkboxIn(main, 'Device groups', 'Servers')).not.toBeChecked();
  await expect(checkboxIn(main, 'Severity for EDR', 'High')).toBeChecked();
  await checkboxIn(main, 'Alert severity', 'Medium').uncheck();
  await checkboxIn(main, 'Alert severity', 'Low').check();
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(currentStep(page)).toHaveText('Recipients');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(currentStep(page)).toHaveText('Review rule');
  await expect(summaryValue(main, 'Alert severity')).toHaveText('High, Low');
  await main.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(new RegExp(`/incidents\\?rule=${rule.id}$`));
  const renamedPane = page.getByRole('dialog', { name: renamed });
  await expect(renamedPane).toBeVisible();
  await expect(summaryValue(renamedPane, 'Alert severity')).toHaveText('High, Low');
  await renamedPane.getByRole('button', { name: 'Close' }).click();
  await expect(ruleRow(page, rule.name)).toHaveCount(0);
  await expect(await cell(page, ruleRow(page, renamed), 'Alert severity')).toHaveText('High, Low');

  const stored = await e2eDb().notificationRule.findUniqueOrThrow({ where: { id: rule.id }, include: { updatedBy: true, recipients: true } });
  expect(stored.name).toBe(renamed);
  expect([...stored.severities].sort()).toEqual(['high', 'low']);
  expect(stored.updatedBy?.email).toBe(E2E_ADMIN.email);
  expect(stored.recipients).toHaveLength(1);
});

test('a rule disabled with the switch stays disabled after a reload', async ({ page }) => {
  const rule = await seedRule(unique('Night shift'));

  await page.goto(RULES_PATH);
  await expect(await cell(page, ruleRow(page, rule.name), 'Status')).toHaveText('On');
  await ruleRow(page, rule.name).click();
  const pane = page.getByRole('dialog', { name: rule.name });
  const enabled = pane.getByRole('switch', { name: 'Rule enabled' });
  await expect(enabled).toBeChecked();
  await enabled.click();
  await expect(enabled).not.toBeChecked();
  await expect.poll(async () => (await e2eDb().notificationRule.findUniqueOrThrow({ where: { id: rule.id } })).enabled).toBe(false);

  await page.reload();
  await expect(await cell(page, ruleRow(page, rule.name), 'Status')).toHaveText('Off');
  await ruleRow(page, rule.name).click();
  await expect(page.getByRole('dialog', { name: rule.name }).getByRole('switch', { name: 'Rule enabled' })).not.toBeChecked();
});

test('deleting a rule asks for confirmation, then removes it and its recipients', async ({ page }) => {
  const rule = await seedRule(unique('Retired rule'));

  await page.goto(RULES_PATH);
  await ruleRow(page, rule.name).click();
  const pane = page.getByRole('dialog', { name: rule.name });
  await pane.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete rule?' });
  await expect(confirm).toContainText(`Deleting "${rule.name}" is permanent`);
  expect(await e2eDb().notificationRule.count({ where: { id: rule.id } })).toBe(1);

  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('main').getByText(`The rule "${rule.name}" was deleted.`)).toBeVisible();
  await expect(confirm).toBeHidden();
  await expect(pane).toBeHidden();
  await expect(ruleRow(page, rule.name)).toHaveCount(0);
  expect(await e2eDb().notificationRule.count({ where: { id: rule.id } })).toBe(0);
  expect(await e2eDb().ruleRecipient.count({ where: { ruleId: rule.id } })).toBe(0);

  await page.reload();
  await expect(page.getByRole('main').getByRole('heading', { name: 'Incident email notifications' })).toBeVisible();
  await expect(page.getByRole('main').getByText(rule.name)).toHaveCount(0);
});

test('cancelling the delete confirmation keeps the rule and returns to its side pane', async ({ page }) => {
  // Regression: with the confirmation nested in the OverlayDrawer, closing it left the visible side pane
  // aria-hidden, lost to assistive technology.
  const rule = await seedRule(unique('Kept rule'));

  await page.goto(RULES_PATH);
  await ruleRow(page, rule.name).click();
  const pane = page.getByRole('dialog', { name: rule.name });
  await pane.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete rule?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(await e2eDb().notificationRule.count({ where: { id: rule.id } })).toBe(1);
  await expect(pane.getByRole('button', { name: 'Edit rule' })).toBeVisible({ timeout: 3_000 });
});
