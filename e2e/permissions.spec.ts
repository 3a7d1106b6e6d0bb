import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Role } from '../lib/generated/prisma/enums';
import { createTenantWithAdmin, createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// Each test signs in its own user; nothing here uses the administrator's saved session.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';
const DEVICE_GROUPS_PATH = '/settings/device-groups';

async function seedRule() {
  const tenant = await defaultTenant();
  return e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Permissions check ${randomUUID().slice(0, 8)}`,
      severities: ['high'],
      recipients: { create: [{ tenantId: tenant.id, email: `perm-${randomUUID().slice(0, 8)}@contoso.com`, language: 'en' }] },
    },
  });
}

// The mutating controls of the rules list and side pane, and of the device groups page. The same locators
// are asserted visible for an administrator, so an assertion of their absence cannot pass by a typo.
async function expectRuleControls(page: Page, ruleName: string, shown: boolean) {
  await page.goto(RULES_PATH);
  const count = shown ? 1 : 0;
  await expect(page.getByRole('grid', { name: 'Incident notification rules' }).getByRole('row').filter({ hasText: ruleName })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add incident notification rule' })).toHaveCount(count);

  await page.getByRole('grid', { name: 'Incident notification rules' }).getByRole('row').filter({ hasText: ruleName }).click();
  const pane = page.getByRole('dialog', { name: ruleName });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('All device groups')).toBeVisible();
  await expect(pane.getByRole('switch', { name: 'Rule enabled' })).toHaveCount(count);
  await expect(pane.getByRole('button', { name: 'Edit rule' })).toHaveCount(count);
  await expect(pane.getByRole('button', { name: 'Delete' })).toHaveCount(count);
  // Without the switch, the pane still says whether the rule is on.
  await expect(pane.getByText('Status', { exact: true })).toHaveCount(1 - count);
  await pane.getByRole('button', { name: 'Close' }).click();
  await expect(pane).toBeHidden();
}

async function expectDeviceGroupControls(page: Page, shown: boolean) {
  const count = shown ? 1 : 0;
  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Device groups' }).click();
  await expect(page).toHaveURL(new RegExp(`${DEVICE_GROUPS_PATH}$`));
  const grid = page.getByRole('grid', { name: 'Device groups' });
  await expect(grid.getByRole('row').filter({ hasText: 'Clients' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add device group' })).toHaveCount(count);
  await expect(grid.getByRole('button', { name: 'Rename Clients' })).toHaveCount(count);
  await expect(grid.getByRole('button', { name: 'Remove Clients' })).toHaveCount(count);
  await expect(page.getByText('You can view device groups.')).toHaveCount(1 - count);
}

// Pages a user without the permission asks for by URL are not found (never a half-working form).
async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('This page could not be found.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('textbox')).toHaveCount(0);
}

for (const role of ['SECURITY_READER', 'SECURITY_OPERATOR'] as const satisfies readonly Role[]) {
  test(`a ${role.toLowerCase().replace('_', ' ')} sees rules and device groups without any control that changes them`, async ({ page }) => {
    const rule = await seedRule();
    const user = await createUser(role);
    await signIn(page, user);

    await expectRuleControls(page, rule.name, false);
    await expectDeviceGroupControls(page, false);
    await expectNotFound(page, `${RULES_PATH}/new`);
    await expectNotFound(page, `${RULES_PATH}/${rule.id}/edit`);
  });
}

test('a security administrator sees every control that changes rules and device groups', async ({ page }) => {
  const rule = await seedRule();
  const user = await createUser('SECURITY_ADMINISTRATOR');
  await signIn(page, user);

  await expectRuleControls(page, rule.name, true);
  await expectDeviceGroupControls(page, true);
  await page.goto(`${RULES_PATH}/${rule.id}/edit`);
  await expect(page.getByLabel('Rule name')).toHaveValue(rule.name);
});

test("a user of another organization sees none of this organization's rules or device groups", async ({ page }) => {
  const rule = await seedRule();
  const { tenant, admin } = await createTenantWithAdmin();
  await signIn(page, admin);

  await expect(page.getByText(`Organization: ${tenant.name}`)).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByText('No rules')).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Incident notification rules' })).toHaveCount(0);
  await expect(main.getByText(rule.name)).toHaveCount(0);

  // Selecting the other organization's rule by its id opens nothing.
  await page.goto(`${RULES_PATH}?rule=${rule.id}`);
  await expect(main.getByText('No rules')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Its edit page does not exist for this user, although the same user may edit rules of their own.
  await expectNotFound(page, `${RULES_PATH}/${rule.id}/edit`);

  await page.goto(DEVICE_GROUPS_PATH);
  await expect(page.getByText('There are no device groups yet.')).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Device groups' }).getByRole('row').filter({ hasText: 'Clients' })).toHaveCount(0);

  // Nothing of the other tenant changed hands.
  expect((await e2eDb().notificationRule.findUniqueOrThrow({ where: { id: rule.id } })).tenantId).toBe((await defaultTenant()).id);
});
