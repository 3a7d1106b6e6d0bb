import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

const API_KEYS_PATH = '/settings/api-keys';
const SAMPLE_INCIDENT = readFileSync(
  new URL('../lib/incidents/fixtures/microsoft-graph/v1.0_get-incident.json', import.meta.url),
  'utf8',
);

const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

function keysGrid(page: Page) {
  return page.getByRole('grid', { name: 'API keys' });
}

function keyRow(page: Page, name: string) {
  return keysGrid(page).getByRole('row').filter({ hasText: name });
}

function postIncident(request: APIRequestContext, key: string) {
  return request.post('/api/incidents', {
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    data: SAMPLE_INCIDENT,
  });
}

// X-Signature as an integration computes it: HMAC-SHA256 over "<t>.<body>", keyed with the signing secret.
function signedHeaders(key: string, secret: string, body: string) {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'X-Signature': `t=${t},v1=${v1}` };
}

function postSigned(request: APIRequestContext, headers: Record<string, string>) {
  return request.post('/api/incidents', { headers, data: Buffer.from(SAMPLE_INCIDENT, 'utf8') });
}

async function seedKey(name: string) {
  const tenant = await defaultTenant();
  const raw = `imk_${randomBytes(32).toString('base64url')}`;
  const stored = await e2eDb().apiKey.create({
    data: {
      tenantId: tenant.id,
      name,
      prefix: raw.slice(0, 12),
      keyHash: createHash('sha256').update(raw).digest('hex'),
      createdBy: 'e2e-admin@contoso.com',
    },
  });
  return { raw, id: stored.id };
}

test.describe('as an administrator', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a new key is shown once, works against POST /api/incidents, and stops working once revoked', async ({ page, request }) => {
    const name = unique('SIEM connector');
    await page.goto(API_KEYS_PATH);
    await expect(page.getByRole('main').getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Create API key' }).click();

    // The name is required.
    const create = page.getByRole('dialog', { name: 'Create API key' });
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(create.getByText('Enter a name for the key, for example the integration that uses it.')).toBeVisible();
    await create.getByLabel('Name').fill(name);
    await create.getByRole('button', { name: 'Create' }).click();

    // Shown once, with how to use it.
    const shown = page.getByRole('alertdialog', { name: 'Copy your new API key' });
    await expect(shown).toBeVisible();
    await expect(create).toBeHidden();
    const key = await shown.getByLabel('API key').inputValue();
    expect(key).toMatch(/^imk_[A-Za-z0-9_-]{40,}$/);
    await expect(shown).toContainText('it will not be shown again');
    await expect(shown).toContainText(`Authorization: Bearer ${key}`);
    await expect(shown).toContainText('/api/incidents');
    await expect(shown.getByRole('link', { name: 'API description (OpenAPI)' })).toHaveAttribute('href', '/api/incidents/openapi.json');
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await expect(shown.getByRole('status')).toHaveText('The key was copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

    // Only its hash is stored, with the prefix the list shows.
    const stored = await e2eDb().apiKey.findFirstOrThrow({ where: { name } });
    expect(stored.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(key.startsWith(stored.prefix)).toBe(true);

    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByRole('main').getByText(`API key “${name}” created.`)).toBeVisible();
    const row = keyRow(page, name);
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`${stored.prefix}…`);
    await expect(row).toContainText('Never');
    await expect(row).toContainText('Active');
    // Never again: not on the page, not after a reload.
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await expect(keyRow(page, name)).toContainText(`${stored.prefix}…`);
    expect(await page.content()).not.toContain(key);

    // The key authenticates the ingest endpoint, and the list then shows it as used.
    const accepted = await postIncident(request, key);
    expect(accepted.status()).toBe(202);
    await page.reload();
    await expect(keyRow(page, name)).not.toContainText('Never');
    await expect(keyRow(page, name)).toContainText('UTC');

    // Revoking asks first and says what it breaks; Cancel keeps the key.
    await keyRow(page, name).getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke API key?' });
    await expect(confirm).toContainText('stop working at once');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    expect((await postIncident(request, key)).status()).toBe(202);

    await keyRow(page, name).getByRole('button', { name: `Revoke ${name}` }).click();
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole('main').getByText(`API key “${name}” revoked.`)).toBeVisible();
    await expect(keyRow(page, name)).toContainText('Revoked');
    await expect(keyRow(page, name).getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
    expect((await e2eDb().apiKey.findUniqueOrThrow({ where: { id: stored.id } })).revokedAt).not.toBeNull();

    const refused = await postIncident(request, key);
    expect(refused.status()).toBe(401);
  });

  test('requiring signatures shows the secret once; unsigned and replayed requests are refused until it is turned off', async ({ page, request }) => {
    const name = unique('Signed connector');
    const { raw: key, id } = await seedKey(name);
    await page.goto(API_KEYS_PATH);
    await expect(keysGrid(page).getByRole('columnheader', { name: 'Signing' })).toBeVisible();
    await expect(keyRow(page, name)).toContainText('Off');
    await expect(keyRow(page, name).getByRole('button', { name: `Rotate signing secret for ${name}` })).toHaveCount(0);

    // Asks first and says what it means for the integrations.
    await keyRow(page, name).getByRole('button', { name: `Require signatures for ${name}` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Require signed requests?' });
    await expect(confirm).toContainText('must then sign every request');
    await confirm.getByRole('button', { name: 'Require signatures' }).click();
    await expect(confirm).toBeHidden();

    // The secret is shown once, with the header format.
    const shown = page.getByRole('alertdialog', { name: `Copy the signing secret for “${name}”` });
    await expect(shown).toBeVisible();
    const secret = await shown.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^imsig_[A-Za-z0-9_-]{40,}$/);
    await expect(shown).toContainText('it will not be shown again');
    await expect(shown).toContainText('X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">');
    await expect(shown).toContainText('5 minutes');
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await expect(shown.getByRole('status')).toHaveText('The secret was copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect((await e2eDb().apiKey.findUniqueOrThrow({ where: { id } })).signingSecret).toBe(secret);
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByRole('main').getByText(`Requests with API key “${name}” must now be signed.`)).toBeVisible();
    await expect(keyRow(page, name)).toContainText('Required');
    await page.reload();
    await expect(keyRow(page, name)).toContainText('Required');
    expect(await page.content()).not.toContain(secret);

    // Unsigned: refused. Correctly signed: accepted, once. The same signature again: refused.
    expect((await postIncident(request, key)).status()).toBe(401);
    const signed = signedHeaders(key, secret, SAMPLE_INCIDENT);
    expect((await postSigned(request, signed)).status()).toBe(202);
    expect((await postSigned(request, signed)).status()).toBe(401);
    expect((await postSigned(request, signedHeaders(key, 'imsig_wrong', SAMPLE_INCIDENT))).status()).toBe(401);

    // Rotating asks first, shows a new secret once, and the old one stops working.
    await keyRow(page, name).getByRole('button', { name: `Rotate signing secret for ${name}` }).click();
    const rotate = page.getByRole('alertdialog', { name: 'Rotate signing secret?' });
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await shown.getByLabel('Signing secret').inputValue();
    expect(rotated).not.toBe(secret);
    await shown.getByRole('button', { name: 'Done' }).click();
    expect((await postSigned(request, signedHeaders(key, secret, SAMPLE_INCIDENT))).status()).toBe(401);
    expect((await postSigned(request, signedHeaders(key, rotated, SAMPLE_INCIDENT))).status()).toBe(202);

    // Turning it off asks first; Cancel keeps it on.
    const stop = `Stop requiring signatures for ${name}`;
    await keyRow(page, name).getByRole('button', { name: stop }).click();
    const disable = page.getByRole('alertdialog', { name: 'Stop requiring signatures?' });
    await disable.getByRole('button', { name: 'Cancel' }).click();
    await expect(disable).toBeHidden();
    expect((await postIncident(request, key)).status()).toBe(401);
    await keyRow(page, name).getByRole('button', { name: stop }).click();
    await disable.getByRole('button', { name: 'Stop requiring signatures' }).click();
    await expect(disable).toBeHidden();
    await expect(page.getByRole('main').getByText(`Requests with API key “${name}” no longer need a signature.`)).toBeVisible();
    await expect(keyRow(page, name)).toContainText('Off');
    await expect(keyRow(page, name).getByRole('button', { name: `Require signatures for ${name}` })).toBeVisible();
    expect((await e2eDb().apiKey.findUniqueOrThrow({ where: { id } })).signingSecret).toBeNull();
    expect((await postIncident(request, key)).status()).toBe(202);
  });
});

test.describe('as a Security Reader', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the keys are listed read-only: no create, no revoke', async ({ page }) => {
    const tenant = await defaultTenant();
    const name = unique('Read-only check');
    const raw = `imk_${randomBytes(32).toString('base64url')}`;
    await e2eDb().apiKey.create({
      data: {
        tenantId: tenant.id,
        name,
        prefix: raw.slice(0, 12),
        keyHash: createHash('sha256').update(raw).digest('hex'),
        createdBy: 'e2e-admin@contoso.com',
      },
    });
    const reader = await createUser('SECURITY_READER');
    await signIn(page, reader);

    await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'API keys' }).click();
    await expect(page).toHaveURL(new RegExp(`${API_KEYS_PATH}$`));
    await expect(keyRow(page, name)).toContainText(`${raw.slice(0, 12)}…`);
    await expect(keyRow(page, name)).toContainText('by e2e-admin@contoso.com');
    await expect(page.getByText('You can view API keys.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Revoke / })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Require signatures for / })).toHaveCount(0);
    await expect(keysGrid(page).getByRole('columnheader', { name: 'Signing' })).toBeVisible();
    await expect(keysGrid(page).getByRole('columnheader', { name: 'Actions' })).toHaveCount(0);
  });
});
