import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createTenantWithAdmin, createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// A Global Administrator of a fresh organization (so no other spec sees the switch to RBAC) sets up RBAC in
// the portal, and a Security Administrator then sees exactly what their role grants. Nothing here uses the
// saved administrator session.
test.use({ storageState: { cookies: [], origins: [] } });

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Portal navigation' });

async function expectNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('This page could not be found.')).toBeVisible();
}

test('a Global Administrator switches to RBAC, gives a Security Administrator one device group, and that is all they get', async ({
  browser,
}) => {
  const suffix = randomUUID().slice(0, 6);
  const { tenant, admin } = await createTenantWithAdmin();
  const [servers, clients] = await Promise.all(
    [`Servers ${suffix}`, `Clients ${suffix}`].map((name) =>
      e2eDb().deviceGroup.create({ data: { tenantId: tenant.id, name, nameKey: name.toLowerCase() } }),
    ),
  );
  const member = await createUser('SECURITY_ADMINISTRATOR', { tenantId: tenant.id });
  const memberName = 'E2E SECURITY_ADMINISTRATOR';
  const roleName = `Server team ${suffix}`;

  const page = await freshPage(browser);
  await signIn(page, admin);

  // Organization: switch the permissions model, warned of what that does.
  await nav(page).getByRole('link', { name: 'Organization' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organization' })).toBeVisible();
  // The Microsoft Entra tenant id is shown, not edited: only the deployment's operator sets it.
  await expect(page.getByText('Microsoft Entra tenant ID', { exact: true })).toBeVisible();
  await expect(page.getByText('Not set', { exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Microsoft Entra tenant ID' })).toHaveCount(0);
  await page.getByRole('radio', { name: /^RBAC/ }).check();
  await expect(page.getByText('Switching to RBAC takes effect immediately')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Organization settings saved.' })).toBeVisible();
  await expect.poll(async () => (await e2eDb().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).permissionsModel).toBe('RBAC');

  // Roles: a role for one device group with Manage security settings; a device group is required.
  await nav(page).getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('button', { name: 'Add role' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add role' });
  await dialog.getByLabel('Name').fill(roleName);
  await dialog.getByRole('checkbox', { name: 'Manage security settings' }).check();
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(dialog.getByText('Select at least one device group.')).toBeVisible();
  await dialog.getByRole('group', { name: 'Device groups' }).getByRole('checkbox', { name: servers.name }).check();
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(dialog).toBeHidden();
  const roleRow = page.getByRole('grid', { name: 'Roles' }).getByRole('row').filter({ hasText: roleName });
  await expect(roleRow).toContainText('Manage security settings');
  await expect(roleRow).toContainText(servers.name);
  await expect(roleRow).not.toContainText(clients.name);

  // Users: assign the role to the Security Administrator.
  await nav(page).getByRole('link', { name: 'Users' }).click();
  const userRow = page.getByRole('grid', { name: 'Users' }).getByRole('row').filter({ hasText: member.email });
  await userRow.getByRole('button', { name: `Assign RBAC roles to ${memberName}` }).click();
  const assign = page.getByRole('dialog', { name: `Assign RBAC roles to ${memberName}` });
  await assign.getByRole('checkbox', { name: roleName }).check();
  await assign.getByRole('button', { name: 'Save roles' }).click();
  await expect(assign).toBeHidden();
  await expect(userRow).toContainText(roleName);

  // The Security Administrator sees their one device group, and none of the administration pages.
  const memberPage = await freshPage(browser);
  await signIn(memberPage, member);
  await nav(memberPage).getByRole('link', { name: 'Device groups' }).click();
  const groups = memberPage.getByRole('grid', { name: 'Device groups' });
  await expect(groups.getByRole('row').filter({ hasText: servers.name })).toBeVisible();
  await expect(groups.getByRole('row').filter({ hasText: clients.name })).toHaveCount(0);
  await expect(memberPage.getByText('1 item', { exact: true })).toBeVisible();
  for (const link of ['Users', 'Roles', 'Organization']) {
    await expect(nav(memberPage).getByRole('link', { name: link })).toHaveCount(0);
  }
  for (const path of ['/settings/users', '/settings/roles', '/settings/api-keys', '/settings/organization']) {
    await expectNotFound(memberPage, path);
  }

  await memberPage.context().close();
  await page.context().close();
});
