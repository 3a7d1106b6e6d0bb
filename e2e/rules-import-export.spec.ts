import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createRuleRow, createUser, e2eDb, type SeededUser } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// A rule set moves from one organization to another through the portal: Export downloads a rules file,
// the file is edited, Import previews it (create / change / invalid, matched by name) and applies it,
// and the list shows the result. Once in English and once in Dutch, each with its own two organizations.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';

const LABELS = {
  en: {
    grid: 'Incident notification rules',
    export: 'Export',
    exportDialog: 'Export rules',
    onlyChosen: 'Only the rules I choose',
    rules: 'Rules',
    download: 'Download',
    exported: (count: number, file: string) => `${count} rules were exported to ${file}.`,
    import: 'Import',
    importDialog: 'Import rules',
    file: 'Rules file',
    preview: 'Rules in the file',
    matching: 'matched to existing rules by name, ignoring upper and lower case',
    status: { create: 'Create', change: 'Change', invalid: 'Invalid' },
    unknownGroup: 'deviceGroups.0: There is no device group with this name here.',
    summaryInvalid: '1 to create, 1 to change, 0 unchanged, 1 invalid',
    summaryValid: '1 to create, 1 to change, 0 unchanged, 0 invalid',
    changes: 'Changes: Name and Description',
    done: 'Import complete: 1 created, 1 changed, 0 unchanged.',
  },
  nl: {
    grid: 'Meldingsregels voor incidenten',
    export: 'Exporteren',
    exportDialog: 'Regels exporteren',
    onlyChosen: 'Alleen de regels die ik kies',
    rules: 'Regels',
    download: 'Downloaden',
    exported: (count: number, file: string) => `${count} regels zijn geëxporteerd naar ${file}.`,
    import: 'Importeren',
    importDialog: 'Regels importeren',
    file: 'Regelbestand',
    preview: 'Regels in het bestand',
    matching: 'op naam gekoppeld aan bestaande regels, zonder op hoofdletters en kleine letters te letten',
    status: { create: 'Aanmaken', change: 'Wijzigen', invalid: 'Ongeldig' },
    unknownGroup: 'deviceGroups.0: Hier bestaat geen apparaatgroep met deze naam.',
    summaryInvalid: '1 aanmaken, 1 wijzigen, 0 ongewijzigd, 1 ongeldig',
    summaryValid: '1 aanmaken, 1 wijzigen, 0 ongewijzigd, 0 ongeldig',
    changes: 'Wijzigingen: Naam en Beschrijving',
    done: 'Import voltooid: 1 aangemaakt, 1 gewijzigd, 0 ongewijzigd.',
  },
} as const;

type Language = keyof typeof LABELS;

// An organization with the groups Clients and Servers and its Global Administrator, speaking `language`.
async function organization(language: Language) {
  const tenant = await e2eDb().tenant.create({ data: { name: `Import ${randomUUID().slice(0, 6)}` } });
  const group = (name: string) =>
    e2eDb().deviceGroup.create({ data: { tenantId: tenant.id, name, nameKey: name.toLowerCase() }, select: { id: true } });
  const groups = { clients: await group('Clients'), servers: await group('Servers') };
  const admin = await createUser('GLOBAL_ADMINISTRATOR', { tenantId: tenant.id, language });
  return { tenant, groups, admin };
}

async function signInAs(page: Page, user: SeededUser) {
  await page.context().clearCookies();
  await signIn(page, user);
}

// A click landing while the page still hydrates opens nothing (seen on a busy machine): click again, as a
// user would, until the dialog is there.
async function openDialog(page: Page, button: Locator, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect(async () => {
    await button.click();
    await expect(dialog).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  return dialog;
}

function tempFile(name: string, content: unknown): string {
  const file = path.join(os.tmpdir(), `${randomUUID()}-${name}`);
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

for (const language of ['en', 'nl'] as const) {
  const l = LABELS[language];

  test(`rules exported from one organization are previewed and imported into another (${language})`, async ({ page }) => {
    const suffix = randomUUID().slice(0, 8);
    const names = { servers: `Servers high ${suffix}`, clients: `Clients all ${suffix}` };
    const source = await organization(language);
    const target = await organization(language);
    await createRuleRow(source.tenant.id, { name: names.servers, deviceGroupIds: [source.groups.servers.id], recipient: `soc-${suffix}@contoso.com` });
    await createRuleRow(source.tenant.id, { name: names.clients, deviceGroupIds: [source.groups.clients.id], recipient: `desk-${suffix}@contoso.com` });
    // The target already has the Servers rule, spelled otherwise and described otherwise: Import changes it.
    const existing = await createRuleRow(target.tenant.id, {
      name: names.servers.toUpperCase(),
      deviceGroupIds: [target.groups.servers.id],
      recipient: `soc-${suffix}@contoso.com`,
    });

    // Export, choosing the rules one by one.
    await signInAs(page, source.admin);
    const main = page.getByRole('main');
    const exportDialog = await openDialog(page, main.getByRole('button', { name: l.export, exact: true }), l.exportDialog);
    await exportDialog.getByRole('radio', { name: l.onlyChosen }).check();
    const choices = exportDialog.getByRole('group', { name: l.rules });
    await choices.getByRole('checkbox', { name: names.servers }).check();
    await choices.getByRole('checkbox', { name: names.clients }).check();
    await expect(choices.getByRole('checkbox', { name: names.servers })).toBeChecked();
    const downloading = page.waitForEvent('download');
    await exportDialog.getByRole('button', { name: l.download }).click();
    const download = await downloading;
    const fileName = `incident-rules-${new Date().toISOString().slice(0, 10)}.json`;
    expect(download.suggestedFilename()).toBe(fileName);
    await expect(main.getByText(l.exported(2, fileName))).toBeVisible();
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(exported).toMatchObject({ format: 'incident-mail.rules', version: 1 });
    expect(exported.rules.map((rule: { name: string }) => rule.name).sort()).toEqual([names.clients, names.servers].sort());

    // Edit the file: a new description, and one rule naming a group the target does not have.
    const servers = exported.rules.find((rule: { name: string }) => rule.name === names.servers);
    servers.description = `Changed by import ${suffix}`;
    const broken = { ...servers, name: `Broken ${suffix}`, deviceGroups: ['Nowhere'] };
    const withBroken = tempFile('with-broken.json', { ...exported, rules: [...exported.rules, broken] });
    const fixed = tempFile('fixed.json', exported);

    // Import into the target: the invalid rule blocks Import, with its field and message.
    await signInAs(page, target.admin);
    const importDialog = await openDialog(page, main.getByRole('button', { name: l.import, exact: true }), l.importDialog);
    await importDialog.getByLabel(l.file).setInputFiles(withBroken);
    await expect(importDialog.getByText(l.summaryInvalid)).toBeVisible();
    await expect(importDialog.getByText(l.matching)).toBeVisible();
    const preview = importDialog.getByRole('list', { name: l.preview });
    const item = (name: string) => preview.getByRole('listitem', { name, exact: true });
    await expect(item(`Broken ${suffix}`)).toContainText(l.status.invalid);
    await expect(item(`Broken ${suffix}`)).toContainText(l.unknownGroup);
    await expect(importDialog.getByRole('button', { name: l.import, exact: true })).toBeDisabled();

    // The corrected file: one rule to create, one to change (with the fields), and Import applies both.
    await importDialog.getByLabel(l.file).setInputFiles(fixed);
    await expect(importDialog.getByText(l.summaryValid)).toBeVisible();
    await expect(item(names.clients)).toContainText(l.status.create);
    await expect(item(names.servers)).toContainText(l.status.change);
    await expect(item(names.servers)).toContainText(l.changes);
    await importDialog.getByRole('button', { name: l.import, exact: true }).click();
    await expect(importDialog).toBeHidden();
    await expect(main.getByText(l.done)).toBeVisible();

    const grid = main.getByRole('grid', { name: l.grid });
    await expect(grid.getByRole('row').filter({ hasText: names.clients })).toBeVisible();
    await expect(grid.getByRole('row').filter({ hasText: names.servers })).toBeVisible();
    const stored = await e2eDb().notificationRule.findMany({ where: { tenantId: target.tenant.id }, orderBy: { name: 'asc' } });
    expect(stored.map((rule) => rule.name)).toEqual([names.clients, names.servers].sort());
    expect(stored.find((rule) => rule.id === existing.id)).toMatchObject({ name: names.servers, description: `Changed by import ${suffix}` });
  });
}

test('a security reader may export the rules but is not offered Import', async ({ page }) => {
  const source = await organization('en');
  const name = `Read only ${randomUUID().slice(0, 8)}`;
  await createRuleRow(source.tenant.id, { name, deviceGroupIds: 'all', recipient: `reader-${randomUUID().slice(0, 8)}@contoso.com` });
  const reader = await createUser('SECURITY_READER', { tenantId: source.tenant.id });
  await signInAs(page, reader);
  const main = page.getByRole('main');
  await expect(main.getByRole('grid', { name: LABELS.en.grid }).getByRole('row').filter({ hasText: name })).toBeVisible();
  await expect(main.getByRole('button', { name: LABELS.en.import, exact: true })).toHaveCount(0);
  const exportDialog = await openDialog(page, main.getByRole('button', { name: LABELS.en.export, exact: true }), LABELS.en.exportDialog);
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: LABELS.en.download }).click();
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'));
  expect(exported.rules.map((rule: { name: string }) => rule.name)).toEqual([name]);
});
