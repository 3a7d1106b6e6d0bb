import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { e2eDb } from './fixtures/database';
import { E2E_ENTRA_GROUP, type EntraTestClaims } from './fixtures/oidc-issuer';
import { signInWithMicrosoft } from './fixtures/sign-in';

// "Sign in with Microsoft" against the Entra-like issuer e2e/serve.ts runs on loopback (oidc-provider): the whole
// authorization-code flow, with real redirects, PKCE, state, nonce and a signed ID token.
test.use({ storageState: { cookies: [], origins: [] } });

const HOME = '/settings/email-notifications/incidents';

async function entraTenant() {
  return e2eDb().tenant.create({ data: { name: `Entra ${randomUUID().slice(0, 6)}`, microsoftTenantId: randomUUID() } });
}

function person(tid: string, roles: string[], extra: Partial<EntraTestClaims> = {}): EntraTestClaims {
  const oid = randomUUID();
  return { tid, oid, email: `entra-${oid.slice(0, 8)}@fabrikam.com`, name: `Entra ${oid.slice(0, 4)}`, roles, ...extra };
}

test('the sign-in page offers Microsoft next to the password form', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('link', { name: 'Sign in with Microsoft' })).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
});

test('a first Microsoft sign-in creates the user with the mapped role; a later one follows the role in Entra', async ({ page }) => {
  const tenant = await entraTenant();
  const claims = person(tenant.microsoftTenantId!, ['Security Reader', 'Security Administrator']);
  await signInWithMicrosoft(page, claims);
  await expect(page).toHaveURL(new RegExp(`${HOME}$`));
  await expect(page.getByRole('button', { name: 'Add incident notification rule' })).toBeVisible();

  const created = await e2eDb().user.findUniqueOrThrow({
    where: { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: claims.oid } },
  });
  expect(created).toMatchObject({ email: claims.email, name: claims.name, role: 'SECURITY_ADMINISTRATOR', passwordHash: null });

  // The administrator role is removed in Entra: the next sign-in makes them a reader, with a read-only portal.
  await signInWithMicrosoft(page, { ...claims, roles: ['Security Reader'] });
  await expect(page).toHaveURL(new RegExp(`${HOME}$`));
  await expect(page.getByText('Ask a security administrator to add one.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add incident notification rule' })).toHaveCount(0);
  expect((await e2eDb().user.findUniqueOrThrow({ where: { id: created.id } })).role).toBe('SECURITY_READER');
  expect(await e2eDb().user.count({ where: { tenantId: tenant.id } })).toBe(1);
});

test('a group claim maps through ENTRA_ROLE_MAPPING', async ({ page }) => {
  const tenant = await entraTenant();
  const claims = person(tenant.microsoftTenantId!, [], { groups: [E2E_ENTRA_GROUP] });
  await signInWithMicrosoft(page, claims);
  await expect(page).toHaveURL(new RegExp(`${HOME}$`));
  const user = await e2eDb().user.findUniqueOrThrow({ where: { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: claims.oid } } });
  expect(user.role).toBe('SECURITY_OPERATOR');
});

test('a token for a tenant that is not ours is refused with a clear message, and no user is created', async ({ page }) => {
  const claims = person(randomUUID(), ['Global Administrator']);
  await signInWithMicrosoft(page, claims);
  await expect(page).toHaveURL(/\/sign-in\?error=EntraUnknownTenant/);
  await expect(page.getByText('Your Microsoft organization is not connected to this portal.', { exact: false })).toBeVisible();
  expect(await e2eDb().user.count({ where: { email: claims.email } })).toBe(0);
  await page.goto(HOME);
  await expect(page).toHaveURL(/\/sign-in/);
});

test('an account without a mapped role is refused', async ({ page }) => {
  const tenant = await entraTenant();
  const claims = person(tenant.microsoftTenantId!, ['Guest Inviter']);
  await signInWithMicrosoft(page, claims);
  await expect(page).toHaveURL(/\/sign-in\?error=EntraNoRole/);
  await expect(page.getByText('Your Microsoft account has no role that gives access to this portal.', { exact: false })).toBeVisible();
  expect(await e2eDb().user.count({ where: { email: claims.email } })).toBe(0);
});
