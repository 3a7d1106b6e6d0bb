import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createUser, defaultTenant, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// Its own user: the language choice is saved on the user, and must not leak into the other specs' admin.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';

async function expectDutchShell(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  const nav = page.getByRole('navigation', { name: 'Portalnavigatie' });
  await expect(nav.getByRole('link', { name: 'Incidenten', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Apparaatgroepen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Taal: Nederlands' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Afmelden' })).toBeVisible();
}

test('Nederlands is shown throughout the portal once chosen, and remembered after a reload and a new sign-in', async ({ page, browser }) => {
  const tenant = await defaultTenant();
  const ruleName = `Taaltest ${randomUUID().slice(0, 8)}`;
  await e2eDb().notificationRule.create({
    data: {
      tenantId: tenant.id,
      name: ruleName,
      severities: ['high'],
      recipients: { create: [{ tenantId: tenant.id, email: `taal-${randomUUID().slice(0, 8)}@contoso.nl`, language: 'nl' }] },
    },
  });
  const user = await createUser('SECURITY_ADMINISTRATOR', { language: 'en' });
  await signIn(page, user);
  await expect(page.getByRole('navigation', { name: 'Portal navigation' })).toBeVisible();

  await page.getByRole('button', { name: 'Language: English' }).click();
  await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
  await expectDutchShell(page);
  await expect.poll(async () => (await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } })).language).toBe('nl');

  // Rules list.
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'E-mailmeldingen voor incidenten', level: 1 })).toBeVisible();
  const grid = main.getByRole('grid', { name: 'Meldingsregels voor incidenten' });
  for (const column of ['Naam', 'Ernst van waarschuwing', 'Apparaatgroepen', 'Geadresseerden', 'Laatst gewijzigd']) {
    await expect(grid.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
  }
  const row = grid.getByRole('row').filter({ hasText: ruleName });
  await expect(row).toContainText('Hoog');
  await expect(row).toContainText('Alle apparaatgroepen');
  await expect(row).toContainText('Aan');
  await row.click();
  const pane = page.getByRole('dialog', { name: ruleName });
  await expect(pane.getByRole('switch', { name: 'Regel ingeschakeld' })).toBeChecked();
  await expect(pane.getByRole('heading', { name: 'Geadresseerden (1)' })).toBeVisible();
  await pane.getByRole('button', { name: 'Sluiten' }).click();

  // Wizard, every step.
  await main.getByRole('button', { name: 'Meldingsregel voor incidenten toevoegen' }).click();
  await expect(main.getByRole('heading', { name: 'Meldingsregel voor incidenten toevoegen', level: 1 })).toBeVisible();
  const steps = main.getByRole('navigation', { name: 'Stappen' });
  await expect(steps.getByRole('listitem')).toHaveText(['Basisinformatie', 'Meldingsinstellingen', 'Geadresseerden', 'Regel controleren']);
  await main.getByRole('button', { name: 'Volgende' }).click();
  await expect(main.getByText('Voer een regelnaam in.')).toBeVisible();
  await main.getByLabel('Regelnaam').fill(`Concept ${randomUUID().slice(0, 8)}`);
  await main.getByLabel('Beschrijving').fill('Alleen om de vertaling te bekijken');
  await main.getByRole('button', { name: 'Volgende' }).click();

  await expect(steps.locator('[aria-current="step"]')).toHaveText('Meldingsinstellingen');
  const severity = main.getByRole('group', { name: 'Ernst van waarschuwing' });
  await expect(severity.getByRole('checkbox')).toHaveCount(4);
  for (const label of ['Hoog', 'Gemiddeld', 'Laag', 'Informatief']) {
    await expect(severity.getByRole('checkbox', { name: label, exact: true })).toBeVisible();
  }
  await severity.getByRole('checkbox', { name: 'Hoog', exact: true }).check();
  const scope = main.getByRole('radiogroup', { name: 'Bereik van apparaatgroep' });
  await expect(scope.getByRole('radio', { name: 'Alle apparaatgroepen' })).toBeChecked();
  await expect(main.getByRole('radiogroup', { name: 'Bronnen' }).getByRole('radio', { name: 'Specifieke bronnen' })).toBeVisible();
  await expect(main.getByRole('checkbox', { name: 'Slechts één melding per incident verzenden' })).toBeVisible();
  await main.getByRole('button', { name: 'Volgende' }).click();

  await expect(steps.locator('[aria-current="step"]')).toHaveText('Geadresseerden');
  const address = main.getByRole('textbox', { name: 'E-mailadres' });
  await address.fill('geen-adres');
  await main.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await expect(main.getByText('Voer een geldig e-mailadres in, zoals naam@contoso.com.')).toBeVisible();
  const recipient = `ontvanger-${randomUUID().slice(0, 8)}@contoso.nl`;
  await address.fill(recipient);
  await main.getByRole('button', { name: 'Toevoegen', exact: true }).click();
  await expect(main.getByRole('combobox', { name: `Taal voor ${recipient}` })).toBeVisible();
  await main.getByRole('button', { name: 'Volgende' }).click();

  await expect(steps.locator('[aria-current="step"]')).toHaveText('Regel controleren');
  await expect(main.getByRole('button', { name: 'Basisinformatie bewerken' })).toBeVisible();
  await expect(main.getByRole('button', { name: 'Regel maken' })).toBeVisible();
  await main.getByRole('button', { name: 'Annuleren' }).click();
  await expect(page).toHaveURL(new RegExp(`${RULES_PATH}$`));

  // Remembered after a reload...
  await page.reload();
  await expectDutchShell(page);
  await expect(page.getByRole('main').getByRole('heading', { name: 'E-mailmeldingen voor incidenten' })).toBeVisible();

  // ...and in a new browser that only knows the user's account.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const fresh = await context.newPage();
    await signIn(fresh, user);
    await expectDutchShell(fresh);
    await fresh.getByRole('navigation', { name: 'Portalnavigatie' }).getByRole('link', { name: 'Apparaatgroepen' }).click();
    await expect(fresh.getByRole('main').getByRole('heading', { name: 'Apparaatgroepen', level: 1 })).toBeVisible();
    await expect(fresh.getByRole('button', { name: 'Apparaatgroep toevoegen' })).toBeVisible();

    // Switching back works the same way.
    await fresh.getByRole('button', { name: 'Taal: Nederlands' }).click();
    await fresh.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(fresh.getByRole('navigation', { name: 'Portal navigation' })).toBeVisible();
    await expect(fresh.getByRole('main').getByRole('heading', { name: 'Device groups', level: 1 })).toBeVisible();
    await expect.poll(async () => (await e2eDb().user.findUniqueOrThrow({ where: { id: user.id } })).language).toBe('en');
  } finally {
    await context.close();
  }
});
