import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from './env';
import { createUser } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

test.use({ storageState: { cookies: [], origins: [] } });

test('a wrong password gets one clear message that does not say which part was wrong', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(E2E_ADMIN.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const wrongPassword = await page.getByText(/incorrect|not correct|invalid/i).first().textContent();

  await page.getByLabel('Email').fill('nobody-at-all@contoso.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(wrongPassword!)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('signing in brings the user back to the page they asked for, and signing out ends the session', async ({ page }) => {
  const user = await createUser('SECURITY_READER');
  await page.goto('/settings/device-groups');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fdevice-groups/);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/device-groups$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/settings/email-notifications/incidents');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('an open redirect through callbackUrl is refused', async ({ page }) => {
  const user = await createUser('SECURITY_READER');
  await page.goto('/sign-in?callbackUrl=//evil.example/phish');
  await signIn(page, user);
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
});
