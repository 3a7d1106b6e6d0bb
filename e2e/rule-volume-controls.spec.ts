import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// Issue 12's "Reduce email volume" controls through the portal: a rule with a coalescing window and a
// per-day cap made in the wizard, seen on the Review step and in the side pane, then edited; and the
// organization's per-address cap. Once in English, once in Dutch, each in an organization of its own.

const RULES_PATH = '/settings/email-notifications/incidents';

test.use({ storageState: { cookies: [], origins: [] } });

type Words = {
  ruleName: string; next: string; severityGroup: string; high: string; medium: string; low: string;
  minutes: string; bypass: string; capGroup: string; perDay: string; perHour: string; off: string;
  limitRequired: string; digestAtTime: string; digestTime: string; email: string; add: string; createRule: string;
  waitLabel: string; capLabel: string; waitValue: string; capValue: string; digestValue: string; review: string;
  steps: string; settingsStep: string; save: string; waitOff: string; capOff: string;
  organizationCap: string; organizationSave: string; organizationSaved: string; limitInvalid: string;
};

const ENGLISH: Words = {
  ruleName: 'Rule name', next: 'Next', severityGroup: 'Alert severity', high: 'High', medium: 'Medium', low: 'Low',
  minutes: 'Wait up to this many minutes for more changes before emailing', bypass: 'A new High-severity alert is sent at once',
  capGroup: 'Limit emails per recipient', perDay: 'Per day', perHour: 'Per hour', off: 'Off',
  limitRequired: 'Enter a limit for at least one severity, or turn the limit off.',
  digestAtTime: 'At a time of day', digestTime: 'Time of day (HH:MM)', email: 'Email address', add: 'Add', createRule: 'Create rule',
  waitLabel: 'Wait for more changes', capLabel: 'Limit emails per recipient',
  waitValue: 'Up to 5 minutes; a new High-severity alert is sent at once', capValue: 'Per day: High 4, Medium 2',
  digestValue: 'Digest of held emails at 08:00', review: 'Review rule', steps: 'Steps', settingsStep: 'Notification settings',
  save: 'Save', waitOff: 'No: each change is emailed at once', capOff: 'Off',
  organizationCap: 'Limit emails per address', organizationSave: 'Save', organizationSaved: 'Organization settings saved.',
  limitInvalid: 'Enter a whole number from 1 to 1,000, or leave it empty for no limit.',
};

const DUTCH: Words = {
  ruleName: 'Regelnaam', next: 'Volgende', severityGroup: 'Ernst van waarschuwing', high: 'Hoog', medium: 'Gemiddeld', low: 'Laag',
  minutes: 'Maximaal zoveel minuten wachten op meer wijzigingen voordat er een e-mail wordt verzonden',
  bypass: 'Een nieuwe waarschuwing met ernst Hoog wordt direct verzonden',
  capGroup: 'E-mails per ontvanger beperken', perDay: 'Per dag', perHour: 'Per uur', off: 'Uit',
  limitRequired: 'Voer voor minstens één ernst een limiet in, of zet de limiet uit.',
  digestAtTime: 'Op een tijdstip', digestTime: 'Tijdstip (UU:MM)', email: 'E-mailadres', add: 'Toevoegen', createRule: 'Regel maken',
  waitLabel: 'Wachttijd', capLabel: 'E-mails per ontvanger beperken',
  waitValue: 'Maximaal 5 minuten; een nieuwe waarschuwing met ernst Hoog wordt direct verzonden', capValue: 'Per dag: Hoog 4 en Gemiddeld 2',
  digestValue: 'Overzicht van bewaarde e-mails om 08:00', review: 'Regel controleren', steps: 'Stappen',
  settingsStep: 'Meldingsinstellingen', save: 'Opslaan', waitOff: 'Geen: elke wijziging wordt direct gemaild', capOff: 'Uit',
  organizationCap: 'E-mails per adres beperken', organizationSave: 'Opslaan', organizationSaved: 'Organisatie-instellingen opgeslagen.',
  limitInvalid: 'Voer een heel getal in van 1 tot en met 1.000, of laat het veld leeg voor geen limiet.',
};

// The value shown under a label in a rule summary (review step, side pane): <dt>label</dt><dd>value</dd>.
function summaryValue(scope: Locator, label: string) {
  return scope.locator('dt').filter({ hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
}

async function signInToOwnOrganization(page: Page, language: 'en' | 'nl') {
  const tenant = await e2eDb().tenant.create({ data: { name: `Volume test ${randomUUID().slice(0, 8)}` } });
  const admin = await createUser('GLOBAL_ADMINISTRATOR', { tenantId: tenant.id, language });
  await signIn(page, admin);
  return tenant;
}

const volumeColumns = {
  coalesceMinutes: true, coalesceBypassHigh: true, capPeriod: true, capHigh: true, capMedium: true, capLow: true, capInformational: true,
  digestAtMinute: true,
} as const;

async function createCappedRule(page: Page, words: Words, name: string) {
  await page.goto(`${RULES_PATH}/new`);
  const main = page.getByRole('main');
  await main.getByLabel(words.ruleName).fill(name);
  await main.getByRole('button', { name: words.next }).click();

  const severities = main.getByRole('group', { name: words.severityGroup });
  await severities.getByRole('checkbox', { name: words.high, exact: true }).check();
  await severities.getByRole('checkbox', { name: words.medium, exact: true }).check();

  // The High bypass means nothing without a wait: disabled until there is one.
  const bypass = main.getByRole('checkbox', { name: words.bypass });
  await expect(bypass).toBeDisabled();
  await main.getByLabel(words.minutes).fill('5');
  await bypass.check();

  const cap = main.getByRole('radiogroup', { name: words.capGroup });
  await cap.getByRole('radio', { name: words.perDay }).check();
  // A cap that limits no severity is refused, on the field.
  await main.getByRole('button', { name: words.next }).click();
  await expect(main.getByText(words.limitRequired)).toBeVisible();
  // Focus goes where the error is, the limits, not to the unchecked "Off" (where Space would drop the cap).
  await expect(main.getByRole('spinbutton', { name: words.high, exact: true })).toBeFocused();
  await main.getByRole('spinbutton', { name: words.high, exact: true }).fill('4');
  await main.getByRole('spinbutton', { name: words.medium, exact: true }).fill('2');
  await expect(main.getByText(words.limitRequired)).toBeHidden();
  await main.getByRole('radio', { name: words.digestAtTime }).check();
  await main.getByLabel(words.digestTime).fill('08:00');
  await main.getByRole('button', { name: words.next }).click();

  await main.getByRole('textbox', { name: words.email }).fill(`volume-${randomUUID().slice(0, 8)}@contoso.com`);
  await main.getByRole('button', { name: words.add, exact: true }).click();
  await main.getByRole('button', { name: words.next }).click();

  // Review.
  await expect(summaryValue(main, words.waitLabel)).toHaveText(words.waitValue);
  await expect(summaryValue(main, words.capLabel)).toContainText(words.capValue);
  await expect(summaryValue(main, words.capLabel)).toContainText(words.digestValue);
  await main.getByRole('button', { name: words.createRule }).click();

  // The side pane of the new rule says the same.
  await expect(page).toHaveURL(/\/incidents\?rule=/);
  const pane = page.getByRole('dialog', { name });
  await expect(summaryValue(pane, words.waitLabel)).toHaveText(words.waitValue);
  await expect(summaryValue(pane, words.capLabel)).toContainText(words.capValue);
  await expect(summaryValue(pane, words.capLabel)).toContainText(words.digestValue);

  const stored = await e2eDb().notificationRule.findFirstOrThrow({ where: { name }, select: { id: true, ...volumeColumns } });
  expect(stored).toMatchObject({
    coalesceMinutes: 5, coalesceBypassHigh: true, capPeriod: 'day', capHigh: 4, capMedium: 2, capLow: null, capInformational: null,
    digestAtMinute: 480,
  });
  return stored.id;
}

async function setAddressCap(page: Page, words: Words, tenantId: string) {
  await page.goto('/settings/organization');
  const main = page.getByRole('main');
  await main.getByRole('radiogroup', { name: words.organizationCap }).getByRole('radio', { name: words.perHour }).check();
  await main.getByRole('spinbutton', { name: words.low, exact: true }).fill('0');
  await main.getByRole('button', { name: words.organizationSave }).click();
  await expect(main.getByText(words.limitInvalid)).toBeVisible();
  await expect(main.getByRole('spinbutton', { name: words.low, exact: true })).toBeFocused();
  await main.getByRole('spinbutton', { name: words.low, exact: true }).fill('10');
  await main.getByRole('button', { name: words.organizationSave }).click();
  await expect(main.getByText(words.organizationSaved)).toBeVisible();
  expect(
    await e2eDb().tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { addressCapPeriod: true, addressCapHigh: true, addressCapLow: true, addressDigestAtMinute: true },
    }),
  ).toEqual({ addressCapPeriod: 'hour', addressCapHigh: null, addressCapLow: 10, addressDigestAtMinute: null });
  // Shown as stored after a reload.
  await page.reload();
  await expect(main.getByRole('radiogroup', { name: words.organizationCap }).getByRole('radio', { name: words.perHour })).toBeChecked();
  await expect(main.getByRole('spinbutton', { name: words.low, exact: true })).toHaveValue('10');
}

test('English: a rule with a coalescing window and a per-day cap, edited back to off, and the per-address cap', async ({ page }) => {
  const tenant = await signInToOwnOrganization(page, 'en');
  const name = `Burst control ${randomUUID().slice(0, 8)}`;
  const id = await createCappedRule(page, ENGLISH, name);

  // Edit: no wait (the bypass goes off with it) and no cap.
  await page.goto(`${RULES_PATH}/${id}/edit`);
  const main = page.getByRole('main');
  await page.getByRole('navigation', { name: ENGLISH.steps }).getByRole('button', { name: ENGLISH.settingsStep }).click();
  await expect(main.getByLabel(ENGLISH.minutes)).toHaveValue('5');
  await expect(main.getByRole('spinbutton', { name: ENGLISH.high, exact: true })).toHaveValue('4');
  await main.getByLabel(ENGLISH.minutes).fill('0');
  await expect(main.getByRole('checkbox', { name: ENGLISH.bypass })).toBeDisabled();
  await expect(main.getByRole('checkbox', { name: ENGLISH.bypass })).not.toBeChecked();
  await main.getByRole('radiogroup', { name: ENGLISH.capGroup }).getByRole('radio', { name: ENGLISH.off }).check();
  await expect(main.getByRole('spinbutton', { name: ENGLISH.high, exact: true })).toHaveCount(0);
  await page.getByRole('navigation', { name: ENGLISH.steps }).getByRole('button', { name: ENGLISH.review }).click();
  await expect(summaryValue(main, ENGLISH.waitLabel)).toHaveText(ENGLISH.waitOff);
  await main.getByRole('button', { name: ENGLISH.save, exact: true }).click();

  const pane = page.getByRole('dialog', { name });
  await expect(summaryValue(pane, ENGLISH.waitLabel)).toHaveText(ENGLISH.waitOff);
  await expect(summaryValue(pane, ENGLISH.capLabel)).toHaveText(ENGLISH.capOff);
  expect(await e2eDb().notificationRule.findUniqueOrThrow({ where: { id }, select: volumeColumns })).toEqual({
    coalesceMinutes: 0, coalesceBypassHigh: false, capPeriod: null, capHigh: null, capMedium: null, capLow: null, capInformational: null,
    digestAtMinute: null,
  });

  await setAddressCap(page, ENGLISH, tenant.id);
});

test('Nederlands: een regel met wachttijd en daglimiet, en de limiet per adres', async ({ page }) => {
  const tenant = await signInToOwnOrganization(page, 'nl');
  await createCappedRule(page, DUTCH, `Burstbeperking ${randomUUID().slice(0, 8)}`);
  await setAddressCap(page, DUTCH, tenant.id);
});
