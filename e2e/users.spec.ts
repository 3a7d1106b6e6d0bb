import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { verifyPassword } from '../lib/auth/password';
import { createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// The administrator's saved session (setup project) manages users; every other user signs in in a browser
// context of their own, with nothing saved.

const USERS_PATH = '/settings/users';
const RULES_PATH = '/settings/email-notifications/incidents';

async function freshContextPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

function userRow(page: Page, email: string) {
  return page.getByRole('grid', { name: 'Users' }).getByRole('row').filter({ hasText: email });
}

// The same locator is asserted present and absent, so its absence cannot pass by a typo.
async function expectRuleControls(page: Page, shown: boolean) {
  await page.goto(RULES_PATH);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add incident notification rule' })).toHaveCount(shown ? 1 : 0);
}

test('an administrator adds a Security Reader, changes the role (the user must sign in again) and removes the user', async ({
  page,
  browser,
}) => {
  const suffix = randomUUID().slice(0, 8);
  const name = `Robin ${suffix}`;
  const email = `robin-${suffix}@contoso.com`;
  const password = `robin-password-${suffix}`;

  await page.goto(USERS_PATH);
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Email').fill('e2e-admin@contoso.com');
  await dialog.getByLabel(/^Role/).selectOption({ label: 'Security Reader' });
  await dialog.getByLabel('Initial password').fill('too short');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog.getByText('Use at least 12 characters.')).toBeVisible();
  await dialog.getByLabel('Initial password').fill(password);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  // Email addresses are unique: the administrator's own is taken.
  await expect(dialog.getByText('A user with this email address already exists.')).toBeVisible();
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('User added.');
  await expect(userRow(page, email)).toContainText('Security Reader');
  await expect(userRow(page, email)).toContainText(name);

  // The new user signs in elsewhere and may only look.
  const userPage = await freshContextPage(browser);
  await signIn(userPage, { email, password });
  await expectRuleControls(userPage, false);

  // Promoted to Security Administrator: the old session is void, so the next page load asks to sign in.
  await userRow(page, email).getByRole('button', { name: `Change role for ${name}` }).click();
  const roleDialog = page.getByRole('dialog', { name: `Change role for ${name}` });
  await roleDialog.getByLabel('Role').selectOption({ label: 'Security Administrator' });
  await roleDialog.getByRole('button', { name: 'Change role' }).click();
  await expect(roleDialog).toBeHidden();
  await expect(userRow(page, email)).toContainText('Security Administrator');

  await userPage.goto(RULES_PATH);
  await expect(userPage).toHaveURL(/\/sign-in/);
  await signIn(userPage, { email, password });
  await expectRuleControls(userPage, true);

  // Removed: the confirmation names the user; afterwards their session is void too.
  await userRow(page, email).getByRole('button', { name: `Remove ${name}` }).click();
  const removeDialog = page.getByRole('dialog', { name: 'Remove user?' });
  await expect(removeDialog).toContainText(email);
  await removeDialog.getByRole('button', { name: 'Remove' }).click();
  await expect(removeDialog).toBeHidden();
  await expect(userRow(page, email)).toHaveCount(0);
  expect(await e2eDb().user.count({ where: { email } })).toBe(0);
  await userPage.goto(RULES_PATH);
  await expect(userPage).toHaveURL(/\/sign-in/);
  await userPage.context().close();
});

test('an administrator resets a password with a generated one, shown once, and it works', async ({ page, browser }) => {
  const user = await createUser('SECURITY_OPERATOR');
  const name = 'E2E SECURITY_OPERATOR';

  await page.goto(USERS_PATH);
  await userRow(page, user.email).getByRole('button', { name: `Reset password for ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Reset password for ${name}` });
  await dialog.getByRole('button', { name: 'Generate' }).click();
  await expect(dialog.getByText('it is not shown again')).toBeVisible();
  const generated = await dialog.getByLabel('New password').inputValue();
  expect(generated.length).toBeGreaterThanOrEqual(12);
  await dialog.getByRole('button', { name: 'Reset password' }).click();
  await expect(dialog).toBeHidden();
  const stored = await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } });
  expect(await verifyPassword(generated, stored.passwordHash!)).toBe(true);

  const userPage = await freshContextPage(browser);
  await signIn(userPage, { email: user.email, password: generated });
  await userPage.context().close();
});

test('a Security Administrator sees no Users link and /settings/users does not exist for them', async ({ browser }) => {
  const admin = await createUser('SECURITY_ADMINISTRATOR');
  const page = await freshContextPage(browser);
  await signIn(page, admin);

  const nav = page.getByRole('navigation', { name: 'Portal navigation' });
  await expect(nav.getByRole('link', { name: 'Device groups' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  const response = await page.goto(USERS_PATH);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('This page could not be found.')).toBeVisible();
  await page.context().close();
});

test('a user changes their own password: this browser stays signed in, others are signed out, the old password is refused', async ({
  browser,
}) => {
  const user = await createUser('SECURITY_READER');
  const newPassword = `new-password-${randomUUID().slice(0, 8)}`;
  const page = await freshContextPage(browser);
  const otherBrowser = await freshContextPage(browser);
  await signIn(otherBrowser, user);
  await signIn(page, user);

  await page.getByRole('button', { name: /Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/account\/password$/);

  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: false }).first().fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('The current password is incorrect.')).toBeVisible();

  await page.getByLabel('Current password').fill(user.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password has been changed.');

  // This browser got a fresh session with the new password...
  await expectRuleControls(page, false);
  await expect(page).toHaveURL(new RegExp(`${RULES_PATH}$`));
  // ...the other one's is void.
  await otherBrowser.goto(RULES_PATH);
  await expect(otherBrowser).toHaveURL(/\/sign-in/);

  // The old password no longer signs in; the new one does.
  await otherBrowser.getByLabel('Email').fill(user.email);
  await otherBrowser.getByLabel('Password').fill(user.password);
  await otherBrowser.getByRole('button', { name: 'Sign in' }).click();
  await expect(otherBrowser.getByText('The email address or password is incorrect.')).toBeVisible();
  await signIn(otherBrowser, { email: user.email, password: newPassword });

  await page.context().close();
  await otherBrowser.context().close();
});
