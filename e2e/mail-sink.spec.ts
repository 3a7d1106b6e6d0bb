import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createTenantWithAdmin, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';
import { E2E_ADMIN, E2E_BASE_URL } from './env';

// The mail sink's own behaviour, on emails written straight into its table (the incident email spec
// covers emails the dispatcher put there). The administrator's saved session; a tenant's emails are
// written with that tenant's id, as the sink stores them for a delivery of that tenant.

const MAIL_SINK_PATH = '/mail-sink';

// The tenant of the signed-in administrator (the saved session's user).
async function adminTenantId(): Promise<string> {
  return (await e2eDb().user.findUniqueOrThrow({ where: { email: E2E_ADMIN.email }, select: { tenantId: true } })).tenantId;
}

function rows(page: Page) {
  return page.getByRole('grid', { name: 'Sent emails' }).getByRole('row').filter({ has: page.getByRole('gridcell') });
}

test('the sink pages from the newest email to the oldest with Older and Newest links', async ({ page }) => {
  const batch = randomUUID().slice(0, 8);
  // Dated long ago, so they are the oldest of the tenant's sink emails and the last page holds only these.
  const base = Date.UTC(2001, 0, 1);
  const subject = (index: number) => `Paging ${batch} #${String(index).padStart(2, '0')}`;
  const tenantId = await adminTenantId();
  const seeded = [];
  for (let index = 0; index < 56; index++) {
    seeded.push(
      await e2eDb().sinkEmail.create({
        data: { tenantId, fromAddress: 'e2e@localhost', to: [`paging-${batch}@contoso.com`], subject: subject(index), html: '<p>Paging</p>', text: 'Paging', receivedAt: new Date(base + index * 1000) },
      }),
    );
  }

  // The page before #55: fifty emails, #54 down to #5, newest first, and a way on and back.
  await page.goto(`${MAIL_SINK_PATH}?before=${seeded[55].id}`);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText(subject(54));
  await expect(rows(page).last()).toContainText(subject(5));
  await expect(rows(page).first()).toContainText('Jan 1, 2001');
  await expect(rows(page).first()).toContainText('UTC');
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await pager.getByRole('link', { name: 'Older' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?before=${seeded[5].id}$`));
  await expect(rows(page)).toHaveCount(5);
  await expect(rows(page).first()).toContainText(subject(4));
  await expect(rows(page).last()).toContainText(subject(0));
  await expect(pager.getByRole('link', { name: 'Older' })).toHaveCount(0);
  await pager.getByRole('link', { name: 'Newest' }).click();
  await expect(page).toHaveURL(new RegExp(`${MAIL_SINK_PATH}$`));
  await expect(rows(page).filter({ hasText: subject(0) })).toHaveCount(0);
});

test('an email opens with its envelope and text, and its HTML runs no script', async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = await e2eDb().sinkEmail.create({
    data: {
      tenantId: await adminTenantId(),
      idempotencyKey: `e2e-key-${id}`,
      fromAddress: 'Incident notifications <notifications@localhost>',
      to: [`hostile-${id}@contoso.com`],
      subject: `Hostile markup ${id}`,
      html: `<p id="marker">static</p><script>document.getElementById('marker').textContent = 'script ran'</script>`,
      text: `Plain words ${id}`,
      tags: [{ name: 'category', value: 'e2e' }],
    },
  });

  await page.goto(MAIL_SINK_PATH);
  await rows(page).filter({ hasText: `hostile-${id}@contoso.com` }).getByRole('link', { name: `Hostile markup ${id}` }).click();
  await expect(page).toHaveURL(new RegExp(`${MAIL_SINK_PATH}/${email.id}$`));
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: `Hostile markup ${id}`, level: 1 })).toBeVisible();
  await expect(main).toContainText(`e2e-key-${id}`);
  await expect(main).toContainText('category: e2e');
  await expect(main.getByRole('region', { name: 'Plain text' })).toHaveText(new RegExp(`Plain words ${id}`));
  const preview = main.getByTitle('Email preview');
  await expect(preview).toHaveAttribute('sandbox', '');
  await expect(preview.contentFrame().locator('#marker')).toHaveText('static');

  // An unknown or malformed id is not found.
  for (const path of [`${MAIL_SINK_PATH}/${randomUUID()}`, `${MAIL_SINK_PATH}/not-an-id`]) {
    expect((await page.goto(path))?.status()).toBe(404);
  }
});

test("each tenant's administrator lists and opens only that tenant's emails", async ({ page, browser }) => {
  const id = randomUUID().slice(0, 8);
  const other = await createTenantWithAdmin();
  const write = (tenantId: string | null, label: string) =>
    e2eDb().sinkEmail.create({
      data: { tenantId, fromAddress: 'e2e@localhost', to: [`${label.toLowerCase()}-${id}@contoso.com`], subject: `${label} ${id}`, html: '<p>x</p>', text: 'x' },
    });
  // An email of each tenant, and one no known delivery sent (no tenant).
  const emails = { own: await write(await adminTenantId(), 'Own'), other: await write(other.tenant.id, 'Other'), none: await write(null, 'Nobody') };

  const sees = async (as: Page, shown: keyof typeof emails, hidden: (keyof typeof emails)[]) => {
    await as.goto(MAIL_SINK_PATH);
    await expect(rows(as).filter({ hasText: emails[shown].subject })).toHaveCount(1);
    for (const key of hidden) await expect(rows(as).filter({ hasText: emails[key].subject })).toHaveCount(0);
    for (const key of hidden) {
      expect((await as.goto(`${MAIL_SINK_PATH}/${emails[key].id}`))?.status()).toBe(404);
      await expect(as.getByText(emails[key].subject)).toHaveCount(0);
    }
    expect((await as.goto(`${MAIL_SINK_PATH}/${emails[shown].id}`))?.status()).toBe(200);
    await expect(as.getByRole('main').getByRole('heading', { name: emails[shown].subject, level: 1 })).toBeVisible();
  };

  await sees(page, 'own', ['other', 'none']);
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, storageState: { cookies: [], origins: [] } });
  try {
    const otherPage = await context.newPage();
    await signIn(otherPage, other.admin);
    await sees(otherPage, 'other', ['own', 'none']);
  } finally {
    await context.close();
  }
});
