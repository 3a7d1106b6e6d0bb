import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// Per-recipient caps end to end: incidents through the real ingest endpoint, the running dispatcher (it
// sends to the mail sink) holds what exceeds the rule's cap, the delivery log says so in English and Dutch,
// and the digest arrives in the sink in the recipient's language. The rule's cap settings go straight into
// the database (the rule form is covered by its own spec); the digest's send time is brought forward, as
// waiting for the end of the day is not an option.

const DELIVERIES_PATH = '/settings/email-notifications/deliveries';

function grid(page: Page, name: string) {
  return page.getByRole('grid', { name });
}

async function seedCappedRule() {
  const tenant = await defaultTenant();
  const suffix = randomUUID().slice(0, 8);
  const recipient = `capped-${suffix}@contoso.nl`;
  const rule = await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: `Capped rule ${suffix}`,
      severities: ['high'],
      allDeviceGroups: true,
      allSources: true,
      // A day, not an hour: the three incidents must fall in one period however late in the hour the test runs.
      capPeriod: 'day',
      capHigh: 1,
      recipients: { create: [{ tenantId: tenant.id, email: recipient, language: 'nl', addedAt: new Date(Date.now() - 1000) }] },
    },
  });
  const key = `imk_${randomBytes(32).toString('base64url')}`;
  await e2eDb().apiKey.create({
    data: { tenantId: tenant.id, name: `Caps key ${suffix}`, prefix: key.slice(0, 12), keyHash: createHash('sha256').update(key).digest('hex'), createdBy: 'e2e' },
  });
  return { suffix, recipient, rule, key };
}

type Seeded = Awaited<ReturnType<typeof seedCappedRule>> & { digestId: string };
let seeded: Seeded;

test.beforeAll(async ({ request }) => {
  const world = await seedCappedRule();
  for (const index of [1, 2, 3]) {
    const response = await request.post('/api/incidents', {
      headers: { Authorization: `Bearer ${world.key}` },
      data: {
        externalId: `caps-${world.suffix}-${index}`,
        displayName: `Credential theft ${index} on HR-${world.suffix}`,
        severity: 'high',
        status: 'active',
        alerts: [{ externalId: `caps-${world.suffix}-${index}-a`, title: 'Suspicious LSASS access', severity: 'high', serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'edr' }],
      },
    });
    expect(response.status()).toBe(202);
  }
  // The dispatcher sends one and holds two, in one digest.
  await expect
    .poll(async () => (await e2eDb().delivery.findMany({ where: { recipientEmail: world.recipient, kind: 'incident' }, select: { status: true } })).map((row) => row.status).sort(), { timeout: 30_000 })
    .toEqual(['held', 'held', 'sent']);
  const digest = await e2eDb().delivery.findFirstOrThrow({ where: { recipientEmail: world.recipient, kind: 'digest' } });
  seeded = { ...world, digestId: digest.id };
});

test.afterAll(async () => {
  // The rule chooses every High incident of the shared tenant: later specs' incidents are none of its business.
  await e2eDb().notificationRule.update({ where: { id: seeded.rule.id }, data: { enabled: false } });
});

test('the delivery log shows held emails with their cap and links them to their digest, which the sink then receives', async ({ page }) => {
  const { recipient, rule, digestId } = seeded;
  await page.goto(`${DELIVERIES_PATH}?recipient=${encodeURIComponent(recipient)}`);
  const rows = grid(page, 'Deliveries').getByRole('row').filter({ hasText: recipient });
  await expect(rows).toHaveCount(4);
  const held = rows.filter({ hasText: 'Held for digest' });
  await expect(held).toHaveCount(2);
  await expect(held.first()).toContainText(`Not sent on its own: rule “${rule.name}” allows at most 1 High email per day. Listed in a digest email.`);
  // Case-sensitive: the held rows say "digest email" too.
  const digestRow = rows.filter({ hasText: /Digest email/ });
  await expect(digestRow).toContainText('Lists 2 held emails');
  await expect(digestRow).toContainText('Queued');

  // "Show its digest": the digest and the two emails it lists, nothing else.
  await held.first().getByRole('link', { name: 'Show its digest' }).click();
  await expect(page).toHaveURL(new RegExp(`delivery=${digestId}`));
  const listed = grid(page, 'Deliveries').getByRole('row').filter({ hasText: recipient });
  await expect(listed).toHaveCount(3);
  await expect(listed.filter({ hasText: 'Held for digest' })).toHaveCount(2);

  // Its time comes: the running dispatcher sends it, in the recipient's language.
  await e2eDb().delivery.update({ where: { id: digestId }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
  await expect.poll(async () => (await e2eDb().delivery.findUniqueOrThrow({ where: { id: digestId } })).status, { timeout: 30_000 }).toBe('sent');
  const email = await e2eDb().sinkEmail.findFirstOrThrow({ where: { to: { has: recipient }, subject: { startsWith: 'Overzicht' } } });
  expect(email.subject).toBe('Overzicht: 2 incidentmails tegengehouden door uw meldingslimieten');
  expect(email.text).toContain(`Regel “${rule.name}”: hoogstens 1 mail met ernst Hoog per dag. 2 mails tegengehouden.`);
  await page.goto('/mail-sink');
  await expect(grid(page, 'Sent emails').getByRole('row').filter({ hasText: email.subject }).filter({ hasText: recipient })).toHaveCount(1);
});

test.describe('in Dutch', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the delivery log explains held emails and the digest in Dutch', async ({ page }) => {
    const { recipient, rule } = seeded;
    await signIn(page, await createUser('SECURITY_ADMINISTRATOR', { language: 'nl' }));
    await page.goto(`${DELIVERIES_PATH}?recipient=${encodeURIComponent(recipient)}&status=held`);
    const held = grid(page, 'Bezorgingen').getByRole('row').filter({ hasText: recipient });
    await expect(held).toHaveCount(2);
    await expect(held.first()).toContainText('Bewaard voor overzicht');
    await expect(held.first()).toContainText(`Niet afzonderlijk verzonden: regel ‘${rule.name}’ staat hoogstens 1 mail met ernst Hoog per dag toe. Opgenomen in een overzichtsmail.`);
    await expect(held.first().getByRole('link', { name: 'Overzichtsmail tonen' })).toBeVisible();
  });
});
