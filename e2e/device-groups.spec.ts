import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { deviceGroupNameKey } from '../lib/data/device-group-key';
import { defaultTenant, e2eDb } from './fixtures/database';

// The administrator's saved session (setup project). Group names are unique per test.

const DEVICE_GROUPS_PATH = '/settings/device-groups';

function grid(page: Page) {
  return page.getByRole('grid', { name: 'Device groups' });
}

function groupRow(page: Page, name: string) {
  return grid(page).getByRole('row').filter({ has: page.getByText(name, { exact: true }) });
}

test('an administrator adds, renames and removes a device group', async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const name = `Kiosks ${suffix}`;
  const renamed = `Lobby kiosks ${suffix}`;
  const rbacGroupId = `rbac-${suffix}`;
  const tenant = await defaultTenant();

  await page.goto(DEVICE_GROUPS_PATH);
  await expect(groupRow(page, 'Clients')).toBeVisible();

  // Add.
  await page.getByRole('button', { name: 'Add device group' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add device group' });
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByText('Enter a device group name.')).toBeVisible();
  // Names are unique per organization regardless of case.
  await dialog.getByLabel('Name').fill('clients');
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog.getByText('A device group with this name already exists.')).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Defender RBAC group ID').fill(rbacGroupId);
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Device group saved.');
  await expect(groupRow(page, name)).toContainText(rbacGroupId);
  await expect(groupRow(page, name)).toContainText('Not used');
  const stored = await e2eDb().deviceGroup.findFirstOrThrow({ where: { tenantId: tenant.id, name } });
  expect(stored.rbacGroupId).toBe(rbacGroupId);

  // Rename: the dialog starts from the current values.
  await grid(page).getByRole('button', { name: `Rename ${name}` }).click();
  dialog = page.getByRole('dialog', { name: 'Rename device group' });
  await expect(dialog.getByLabel('Name')).toHaveValue(name);
  await expect(dialog.getByLabel('Defender RBAC group ID')).toHaveValue(rbacGroupId);
  await dialog.getByLabel('Name').fill(renamed);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(groupRow(page, renamed)).toContainText(rbacGroupId);
  await expect(groupRow(page, name)).toHaveCount(0);
  expect((await e2eDb().deviceGroup.findUniqueOrThrow({ where: { id: stored.id } })).name).toBe(renamed);

  // The new name is offered in the rule wizard.
  await page.goto('/settings/email-notifications/incidents/new');
  await page.getByLabel('Rule name').fill(`Uses ${renamed}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Specific device groups' }).check();
  await expect(page.getByRole('group', { name: 'Device groups' }).getByRole('checkbox', { name: renamed })).toBeVisible();

  // Remove, after confirming.
  await page.goto(DEVICE_GROUPS_PATH);
  await grid(page).getByRole('button', { name: `Remove ${renamed}` }).click();
  dialog = page.getByRole('dialog', { name: 'Remove device group?' });
  await expect(dialog).toContainText(`“${renamed}” will be removed.`);
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Device group removed.');
  await expect(groupRow(page, renamed)).toHaveCount(0);
  expect(await e2eDb().deviceGroup.count({ where: { id: stored.id } })).toBe(0);
});

test('removing a device group that a rule uses is refused with a message naming the rule', async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const tenant = await defaultTenant();
  const groupName = `Build agents ${suffix}`;
  const group = await e2eDb().deviceGroup.create({
    data: { tenantId: tenant.id, name: groupName, nameKey: deviceGroupNameKey(groupName) },
  });
  const rule = await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Build farm alerts ${suffix}`,
      severities: ['high'],
      allDeviceGroups: false,
      deviceGroups: { create: [{ tenantId: tenant.id, deviceGroupId: group.id }] },
      recipients: { create: [{ tenantId: tenant.id, email: `builds-${suffix}@contoso.com`, language: 'en' }] },
    },
  });

  await page.goto(DEVICE_GROUPS_PATH);
  await expect(groupRow(page, group.name)).toContainText(rule.name);
  await grid(page).getByRole('button', { name: `Remove ${group.name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove device group?' });
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog).toContainText(`“${group.name}” is used by these rules: ${rule.name}. Remove it from those rules first.`);
  await expect(dialog).toBeVisible();
  expect(await e2eDb().deviceGroup.count({ where: { id: group.id } })).toBe(1);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(groupRow(page, group.name)).toContainText(rule.name);
});
