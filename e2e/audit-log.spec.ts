import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from './env';
import { createRbacRole, createRbacTenant, createRuleRow, createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// Settings → Audit log through the real UI: a rule changed in the portal shows up with who, when, what and a
// field-by-field diff; the filters live in the URL; the CSV download holds the same entries. In English with
// the suite's administrator, in Dutch with an administrator of their own (a language choice is per user).

const RULES_PATH = '/settings/email-notifications/incidents';
const AUDIT_LOG_PATH = '/settings/audit-log';
const today = () => new Date().toISOString().slice(0, 10);
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

async function seedRule(name: string, recipient: string, { enabled = false } = {}) {
  const tenant = await defaultTenant();
  return e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name,
      severities: ['medium', 'high'],
      // Off unless the test switches it off itself: the default tenant is shared by every spec, and an
      // enabled rule for all groups would email about the incidents other specs post.
      enabled,
      recipients: { create: [{ tenantId: tenant.id, email: recipient, language: 'en' }] },
    },
  });
}

async function freshContextPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

// The CSV the "Export CSV" link downloads, as bytes and as text.
async function downloadCsv(page: Page, linkName: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  const bytes = await readFile((await download.path())!);
  return { name: download.suggestedFilename(), bytes, text: bytes.subarray(3).toString('utf8') };
}

test('a rule changed in the wizard is in the audit log with its diff, filterable and exported as CSV', async ({ page }) => {
  const suffix = randomUUID().slice(0, 8);
  const before = `Audit before ${suffix}`;
  const after = `Audit after ${suffix}`;
  const kept = `kept-${suffix}@contoso.com`;
  const added = `added-${suffix}@contoso.com`;
  const rule = await seedRule(before, kept);

  // The change, through the wizard: a new name and one more recipient.
  await page.goto(RULES_PATH);
  await page.getByRole('grid', { name: 'Incident notification rules' }).getByRole('row').filter({ hasText: before }).click();
  await page.getByRole('dialog', { name: before }).getByRole('button', { name: 'Edit rule' }).click();
  const main = page.getByRole('main');
  await main.getByLabel('Rule name').fill(after);
  await main.getByRole('button', { name: 'Next' }).click();
  await main.getByRole('button', { name: 'Next' }).click();
  await main.getByRole('textbox', { name: 'Email address' }).fill(added);
  await main.getByRole('button', { name: 'Add', exact: true }).click();
  await main.getByRole('button', { name: 'Next' }).click();
  await main.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents\\?rule=${rule.id}$`));
  // The saved rule's side pane opens; close it to reach the navigation.
  await page.getByRole('dialog', { name: after }).getByRole('button', { name: 'Close' }).click();

  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(new RegExp(`${AUDIT_LOG_PATH}$`));
  await expect(main.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  const grid = main.getByRole('grid', { name: 'Audit log entries' });
  const row = grid.getByRole('row').filter({ hasText: after });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Rule changed');
  await expect(row).toContainText(E2E_ADMIN.email);
  await expect(row).toContainText('UTC');

  // The diff, field by field.
  await row.getByRole('button', { name: `Show changes: Rule changed ${after}` }).click();
  const pane = page.getByRole('dialog', { name: `Rule changed: ${after}` });
  await expect(pane).toBeVisible();
  const changes = pane.getByRole('table', { name: 'Changed fields' });
  await expect(changes.getByRole('row')).toHaveCount(3); // header, Name, Recipients
  const name = changes.getByRole('row').filter({ hasText: 'Name' });
  await expect(name.getByRole('cell').nth(1)).toHaveText(before);
  await expect(name.getByRole('cell').nth(2)).toHaveText(after);
  const recipients = changes.getByRole('row').filter({ hasText: 'Recipients' });
  await expect(recipients.getByRole('cell').nth(1)).toHaveText(`${kept} (English)`);
  await expect(recipients.getByRole('cell').nth(2).getByRole('listitem')).toHaveText([`${kept} (English)`, `Added: ${added} (English)`]);
  await pane.getByRole('button', { name: 'Close' }).click();
  await expect(pane).toBeHidden();

  // Filters go into the URL: another target type hides the entry, then actor and today's date find it again.
  await main.getByRole('combobox', { name: 'Target' }).selectOption({ label: 'Device group' });
  await expect(page).toHaveURL(/\?targetType=deviceGroup$/);
  await expect(row).toHaveCount(0);
  await main.getByRole('combobox', { name: 'Target' }).selectOption({ label: 'Rule' });
  // The dropdown applies at once; the page follows the new URL before the text filters are typed.
  await expect(page).toHaveURL(/\?targetType=rule$/);
  await expect(row).toHaveCount(1);
  await main.getByRole('searchbox', { name: 'Changed by' }).fill(E2E_ADMIN.email.toUpperCase());
  await main.getByLabel('From').fill(today());
  await main.getByLabel('To').fill(today());
  await main.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`targetType=rule&actor=.+&from=${today()}&to=${today()}$`));
  await expect(row).toHaveCount(1);
  await page.reload();
  await expect(main.getByRole('combobox', { name: 'Target' })).toHaveValue('rule');
  await expect(row).toHaveCount(1);

  // The rule's own history, from its name in the row: the seeded rule has no creation entry, so one entry.
  await row.getByRole('link', { name: after }).click();
  await expect(page).toHaveURL(new RegExp(`\\?targetType=rule&targetId=${rule.id}$`));
  await expect(main.getByText(`Showing the changes to one rule: ${after}.`)).toBeVisible();
  await expect(grid.getByRole('row')).toHaveCount(2);

  // The CSV of what the filters match.
  const csv = await downloadCsv(page, 'Export CSV');
  expect(csv.name).toBe(`audit-log-${today()}.csv`);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.text.split('\r\n');
  expect(lines[0]).toBe('"Time (UTC)","Changed by","Action","Target type","Target","Target ID","Changes"');
  expect(lines).toHaveLength(3); // header, the entry, the final line end
  expect(csv.text).toContain(`"${E2E_ADMIN.email}","Rule changed","Rule","${after}","${rule.id}","Name: ${before} → ${after}\nRecipients: ${kept} (English) → ${kept} (English); ${added} (English)"`);

  await main.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(new RegExp(`${AUDIT_LOG_PATH}$`));
  await expect(main.getByRole('combobox', { name: 'Target' })).toHaveValue('');
  await expect(main.getByRole('searchbox', { name: 'Changed by' })).toHaveValue('');

  // A date with no entries empties the page and says so.
  await page.goto(`${AUDIT_LOG_PATH}?targetType=rule&targetId=${rule.id}&from=2000-01-01&to=2000-01-02`);
  await expect(main.getByText('No entries match these filters.')).toBeVisible();
  await page.goto(`${AUDIT_LOG_PATH}?from=2026-02-30`);
  await expect(main.getByText('From: Expected a date as YYYY-MM-DD.')).toBeVisible();
});

test('in Dutch: a rule switched off in the portal, its entry, diff, filter and CSV', async ({ browser }) => {
  const admin = await createUser('GLOBAL_ADMINISTRATOR', { language: 'nl' });
  const rule = await seedRule(unique('Nachtdienst'), `nacht-${randomUUID().slice(0, 8)}@contoso.nl`, { enabled: true });
  const page = await freshContextPage(browser);
  await signIn(page, admin);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

  await page.getByRole('grid', { name: 'Meldingsregels voor incidenten' }).getByRole('row').filter({ hasText: rule.name }).click();
  const switchOff = page.getByRole('dialog', { name: rule.name }).getByRole('switch', { name: 'Regel ingeschakeld' });
  await switchOff.click();
  await expect(switchOff).not.toBeChecked();
  await expect.poll(async () => (await e2eDb().notificationRule.findUniqueOrThrow({ where: { id: rule.id } })).enabled).toBe(false);

  await page.goto(RULES_PATH);
  await page.getByRole('navigation', { name: 'Portalnavigatie' }).getByRole('link', { name: 'Auditlogboek' }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Auditlogboek', level: 1 })).toBeVisible();
  const row = main.getByRole('grid', { name: 'Vermeldingen in het auditlogboek' }).getByRole('row').filter({ hasText: rule.name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Regel uitgeschakeld');
  await expect(row).toContainText(admin.email);

  await row.getByRole('button', { name: `Wijzigingen tonen: Regel uitgeschakeld ${rule.name}` }).click();
  const pane = page.getByRole('dialog', { name: `Regel uitgeschakeld: ${rule.name}` });
  const enabled = pane.getByRole('table', { name: 'Gewijzigde velden' }).getByRole('row').filter({ hasText: 'Ingeschakeld' });
  await expect(enabled.getByRole('cell')).toHaveText(['Ingeschakeld', 'Ja', 'Nee']);
  await pane.getByRole('button', { name: 'Sluiten' }).click();

  await main.getByRole('searchbox', { name: 'Gewijzigd door' }).fill(admin.email);
  await main.getByRole('searchbox', { name: 'Gewijzigd door' }).press('Enter');
  await expect(page).toHaveURL(/\?actor=/);
  await expect(main.getByText('1 vermelding', { exact: true })).toBeVisible();

  const csv = await downloadCsv(page, 'CSV exporteren');
  const lines = csv.text.split('\r\n');
  expect(lines[0]).toBe('"Tijd (UTC)","Gewijzigd door","Actie","Soort onderwerp","Onderwerp","Onderwerp-ID","Wijzigingen"');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(`"${admin.email}","Regel uitgeschakeld","Regel","${rule.name}","${rule.id}","Ingeschakeld: Ja → Nee"`);
  await page.context().close();
});

test('a Security Reader of a Basic organization has no Audit log link, a no-access page and no export', async ({ browser }) => {
  const reader = await createUser('SECURITY_READER');
  const page = await freshContextPage(browser);
  await signIn(page, reader);
  await expect(page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto(AUDIT_LOG_PATH);
  await expect(page.getByRole('main').getByRole('heading', { name: 'No access to the audit log', level: 1 })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveCount(0);
  const response = await page.request.get(`${AUDIT_LOG_PATH}/export`);
  expect(response.status()).toBe(403);
  await page.context().close();
});

test('in the RBAC model a user sees the entries of their groups’ rules only; the rest is counted, other groups are not named', async ({ browser }) => {
  const { tenant, groups } = await createRbacTenant(['Amsterdam', 'Berlin']);
  const [a, b] = [groups.Amsterdam, groups.Berlin];
  const user = await createUser('SECURITY_OPERATOR', { tenantId: tenant.id });
  await createRbacRole(tenant.id, { name: 'A viewers', permissions: ['viewIncidents'], deviceGroupIds: [a.id], userIds: [user.id] });
  const suffix = randomUUID().slice(0, 6);
  const both = await createRuleRow(tenant.id, { name: `Amsterdam and Berlin ${suffix}`, deviceGroupIds: [a.id, b.id], recipient: 'soc@contoso.com' });
  const berlin = await createRuleRow(tenant.id, { name: `Berlin only ${suffix}`, deviceGroupIds: [b.id], recipient: 'soc@contoso.com' });
  // As lib/data writes them: an update keeps only the changed fields.
  const entry = (targetType: string, targetId: string, targetName: string, action: string, before: object | null, after: object | null) =>
    e2eDb().auditEntry.create({
      data: { tenantId: tenant.id, actorEmail: 'admin@northwind.example', action, targetType, targetId, targetName, before: before ?? undefined, after: after ?? undefined },
    });
  await entry('rule', both.id, both.name, 'rule.updated', { deviceGroupIds: [a.id] }, { deviceGroupIds: [a.id, b.id] });
  await entry('rule', berlin.id, berlin.name, 'rule.created', null, { name: berlin.name, deviceGroupScope: 'selected', deviceGroupIds: [b.id] });
  await entry('deviceGroup', b.id, b.name, 'deviceGroup.updated', { rbacGroupId: '1' }, { rbacGroupId: '2' });

  const page = await freshContextPage(browser);
  await signIn(page, user);
  await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Audit log' }).click();
  const main = page.getByRole('main');
  await expect(main.getByText('You see the changes to the rules of your device groups.')).toBeVisible();
  const grid = main.getByRole('grid', { name: 'Audit log entries' });
  await expect(grid.getByRole('row')).toHaveCount(2); // header + the one entry
  await expect(grid.getByRole('row').filter({ hasText: both.name })).toContainText('Rule changed');
  await expect(main.getByText('2 more entries in this period concern something outside what you may see.')).toBeVisible();
  await expect(main).not.toContainText(berlin.name);

  await grid.getByRole('button', { name: `Show changes: Rule changed ${both.name}` }).click();
  const groupsRow = page.getByRole('dialog').getByRole('table', { name: 'Changed fields' }).getByRole('row').filter({ hasText: 'Selected device groups' });
  await expect(groupsRow.getByRole('cell').nth(1)).toHaveText(a.name);
  await expect(groupsRow.getByRole('cell').nth(2).getByRole('listitem')).toHaveText([a.name, 'Added: 1 other device group']);
  await expect(page.getByRole('dialog')).not.toContainText(b.name);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  const csv = await downloadCsv(page, 'Export CSV');
  expect(csv.text).toContain(both.id);
  expect(csv.text).not.toContain(berlin.name);
  expect(csv.text).not.toContain(b.name);
  await page.context().close();
});
