import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
  createDeliveryRow,
  createRbacRole,
  createRbacTenant,
  createRuleRow,
  createUser,
  e2eDb,
} from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// RBAC by device group, as a security administrator whose one role manages group A of a tenant with groups
// A and B sees it: rules wholly in A are theirs, rules reaching beyond A are read-only, rules wholly in B
// do not exist for them; the wizard offers only A; the delivery log says why an email was not sent.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';
const DELIVERIES_PATH = '/settings/email-notifications/deliveries';

async function seedWorld() {
  const { tenant, groups } = await createRbacTenant(['Amsterdam', 'Berlin']);
  const [a, b] = [groups.Amsterdam, groups.Berlin];
  const user = await createUser('SECURITY_ADMINISTRATOR', { tenantId: tenant.id });
  const role = await createRbacRole(tenant.id, {
    name: 'A managers',
    permissions: ['manageSecuritySettings', 'viewIncidents'],
    deviceGroupIds: [a.id],
    userIds: [user.id],
  });
  const suffix = randomUUID().slice(0, 6);
  const rule = (name: string, deviceGroupIds: string[] | 'all') =>
    createRuleRow(tenant.id, { name: `${name} ${suffix}`, deviceGroupIds, recipient: `soc-${randomUUID().slice(0, 8)}@contoso.com` });
  const rules = {
    a: await rule('Amsterdam only', [a.id]),
    ab: await rule('Amsterdam and Berlin', [a.id, b.id]),
    b: await rule('Berlin only', [b.id]),
    all: await rule('Everywhere', 'all'),
  };
  return { tenant, a, b, user, role, rules };
}

function rulesGrid(page: Page) {
  return page.getByRole('grid', { name: 'Incident notification rules' });
}

async function openRule(page: Page, name: string) {
  await rulesGrid(page).getByRole('row').filter({ hasText: name }).click();
  const pane = page.getByRole('dialog', { name });
  await expect(pane).toBeVisible();
  return pane;
}

const READ_ONLY = "You can view this rule, but it also covers device groups you don't manage.";

test('rules beyond the groups a user manages are read-only, with the other groups counted; rules wholly outside are not listed', async ({ page }) => {
  const { a, b, user, rules } = await seedWorld();
  await signIn(page, user);

  const grid = rulesGrid(page);
  await expect(grid.getByRole('row').filter({ hasText: rules.a.name })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: rules.ab.name })).toContainText(`${a.name}, +1 other device group`);
  await expect(grid.getByRole('row').filter({ hasText: rules.all.name })).toContainText('All device groups');
  await expect(grid.getByRole('row').filter({ hasText: rules.b.name })).toHaveCount(0);
  await expect(page.getByText('3 rules')).toBeVisible();

  // The rule wholly in A: every control (the same locators whose absence is asserted below).
  let pane = await openRule(page, rules.a.name);
  await expect(pane.getByRole('switch', { name: 'Rule enabled' })).toBeVisible();
  await expect(pane.getByRole('button', { name: 'Edit rule' })).toBeVisible();
  await expect(pane.getByRole('button', { name: 'Send test email' })).toBeVisible();
  await expect(pane.getByRole('button', { name: 'Delete' })).toBeVisible();
  await expect(pane.getByText(READ_ONLY)).toHaveCount(0);
  await pane.getByRole('button', { name: 'Close' }).click();
  await expect(pane).toBeHidden();

  // A and B: read-only, B counted and never named.
  for (const name of [rules.ab.name, rules.all.name]) {
    pane = await openRule(page, name);
    await expect(pane.getByText(READ_ONLY)).toBeVisible();
    await expect(pane.getByRole('switch', { name: 'Rule enabled' })).toHaveCount(0);
    await expect(pane.getByRole('button', { name: 'Edit rule' })).toHaveCount(0);
    await expect(pane.getByRole('button', { name: 'Send test email' })).toHaveCount(0);
    await expect(pane.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(pane.getByText('Status', { exact: true })).toBeVisible();
    if (name === rules.ab.name) {
      await expect(pane.getByRole('listitem').filter({ hasText: new RegExp(`^${a.name}$`) })).toBeVisible();
      await expect(pane.getByRole('listitem').filter({ hasText: /^\+1 other device group$/ })).toBeVisible();
      await expect(pane).not.toContainText(b.name);
    } else {
      await expect(pane.getByText('All device groups')).toBeVisible();
    }
    await pane.getByRole('button', { name: 'Close' }).click();
    await expect(pane).toBeHidden();
  }

  // The edit page of a read-only rule shows it in the list instead; one wholly outside A is not found.
  await page.goto(`${RULES_PATH}/${rules.ab.id}/edit`);
  await expect(page).toHaveURL(new RegExp(`${RULES_PATH}\\?rule=${rules.ab.id}$`));
  await expect(page.getByRole('dialog', { name: rules.ab.name }).getByText(READ_ONLY)).toBeVisible();
  expect((await page.goto(`${RULES_PATH}/${rules.b.id}/edit`))?.status()).toBe(404);
});

test('the wizard offers only the groups the user manages, no "All device groups", and shows a refused scope on the field', async ({ page }) => {
  const { a, b, user, role } = await seedWorld();
  await signIn(page, user);
  await page.goto(`${RULES_PATH}/new`);
  const main = page.getByRole('main');
  const name = `Amsterdam high ${randomUUID().slice(0, 6)}`;
  await main.getByLabel('Rule name').fill(name);
  await main.getByRole('button', { name: 'Next' }).click();

  await main.getByRole('group', { name: 'Alert severity' }).getByRole('checkbox', { name: 'High', exact: true }).check();
  const groups = main.getByRole('group', { name: 'Device groups' });
  await expect(groups.getByRole('checkbox')).toHaveCount(1);
  await expect(groups.getByRole('checkbox', { name: a.name })).toBeVisible();
  await expect(main.getByText(b.name)).toHaveCount(0);
  await expect(main.getByRole('radio', { name: 'All device groups' })).toHaveCount(0);
  await expect(main.getByText('You can choose the device groups you manage.', { exact: false })).toBeVisible();
  await groups.getByRole('checkbox', { name: a.name }).check();
  await main.getByRole('button', { name: 'Next' }).click();

  const address = main.getByRole('textbox', { name: 'Email address' });
  await address.fill(`soc-${randomUUID().slice(0, 8)}@contoso.com`);
  await address.press('Enter');
  await main.getByRole('button', { name: 'Next' }).click();
  await expect(main.getByRole('listitem').filter({ hasText: new RegExp(`^${a.name}$`) })).toBeVisible();

  // The user loses group A while the wizard is open: the server refuses the scope, and says so on the field.
  await e2eDb().rbacRoleDeviceGroup.delete({ where: { roleId_deviceGroupId: { roleId: role.id, deviceGroupId: a.id } } });
  await main.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('navigation', { name: 'Steps' }).locator('[aria-current="step"]')).toHaveText('Notification settings');
  await expect(main.getByRole('group', { name: 'Device groups' })).toHaveAccessibleDescription(/Choose only device groups you manage\./);
  await expect(page).toHaveURL(new RegExp(`${RULES_PATH}/new$`));
  expect(await e2eDb().notificationRule.count({ where: { name } })).toBe(0);
});

test('the delivery log shows filtered deliveries and left-out alerts with their reason, and filters on Filtered', async ({ page }) => {
  const { tenant, user, rules, a, b } = await seedWorld();
  const suffix = randomUUID().slice(0, 6);
  const filtered = `berlin-analyst-${suffix}@contoso.com`;
  const partial = `amsterdam-lead-${suffix}@contoso.com`;
  const hidden = `berlin-lead-${suffix}@contoso.com`;
  await createDeliveryRow(tenant.id, {
    rules: [rules.a],
    recipientEmail: filtered,
    incidentName: `Ransomware ${suffix}`,
    status: 'filtered',
    deviceGroupIds: [a.id],
    withheldAlertCount: 3,
    filterReason: 'recipientScope',
  });
  await createDeliveryRow(tenant.id, {
    rules: [rules.ab],
    recipientEmail: partial,
    incidentName: `Phishing ${suffix}`,
    status: 'sent',
    deviceGroupIds: [a.id, b.id],
    withheldAlertCount: 2,
    filterReason: 'ruleScope',
  });
  await createDeliveryRow(tenant.id, { rules: [rules.b], recipientEmail: hidden, incidentName: `Berlin ${suffix}`, status: 'sent', deviceGroupIds: [b.id] });

  await signIn(page, user);
  await page.goto(DELIVERIES_PATH);
  const grid = page.getByRole('grid', { name: 'Deliveries' });
  const filteredRow = grid.getByRole('row').filter({ hasText: filtered });
  await expect(filteredRow).toContainText('Filtered');
  await expect(filteredRow).toContainText("Not sent: all of the incident's alerts are outside the recipient's device groups.");
  await expect(grid.getByRole('row').filter({ hasText: partial })).toContainText(
    "2 alerts left out: outside the rule's device groups",
  );
  // An email about another group's alerts is not theirs to see.
  await expect(grid.getByRole('row').filter({ hasText: hidden })).toHaveCount(0);

  await page.getByRole('search', { name: 'Filter deliveries' }).getByLabel('Status').selectOption({ label: 'Filtered' });
  await expect(page).toHaveURL(/status=filtered/);
  await expect(grid.getByRole('row').filter({ hasText: filtered })).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: partial })).toHaveCount(0);
});
