import { randomUUID } from 'node:crypto';
import { expect, test, type Locator } from '@playwright/test';
import { SAMPLE_INCIDENT } from '../emails/sample-incident';
import { createRbacRole, createRbacTenant, createRuleRow, createTenantWithAdmin, createUser, e2eDb } from './fixtures/database';
import { signIn } from './fixtures/sign-in';

// The email preview of the rule wizard's Review step and of the rule's side pane, in English and in Dutch:
// the real templates shaped by the rule's options, about the sample incident or a recent incident the rule
// matches. Each test has an organization of its own, so its incidents and rules are the only ones there.
test.use({ storageState: { cookies: [], origins: [] } });

const RULES_PATH = '/settings/email-notifications/incidents';

async function seedOrganization() {
  const { tenant, admin } = await createTenantWithAdmin();
  const microsoftTenantId = randomUUID();
  await e2eDb().tenant.update({ where: { id: tenant.id }, data: { microsoftTenantId } });
  const group = await e2eDb().deviceGroup.create({ data: { tenantId: tenant.id, name: 'Clients', nameKey: 'clients' } });
  const suffix = randomUUID().slice(0, 6);
  const incident = await seedIncident(tenant.id, `Ransomware on FIN-WS-${suffix}`, 'high', `Ransomware behavior detected ${suffix}`, group.id);
  const lowIncident = await seedIncident(tenant.id, `Adware on KIOSK-${suffix}`, 'low', `Adware bundler ${suffix}`, group.id);
  return { tenant, microsoftTenantId, admin, incident, lowIncident };
}

async function seedIncident(tenantId: string, displayName: string, severity: string, alertTitle: string, groupId: string) {
  return seedIncidentWith(tenantId, displayName, severity, [{ title: alertTitle, groupId }]);
}

async function seedIncidentWith(tenantId: string, displayName: string, severity: string, alerts: { title: string; groupId: string }[]) {
  const externalId = String(Math.floor(Math.random() * 1e9));
  const incident = await e2eDb().incident.create({
    data: {
      tenantId,
      externalId,
      displayName,
      severity,
      status: 'active',
      alerts: {
        create: alerts.map((alert) => ({
          tenantId,
          externalId: `alert-${randomUUID()}`,
          title: alert.title,
          severity,
          status: 'new',
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'microsoftDefenderForEndpoint',
          deviceGroupIds: [alert.groupId],
        })),
      },
    },
  });
  return { ...incident, alertTitle: alerts[0]!.title, option: `${displayName} (#${externalId})` };
}

// The preview panel's parts, found as a user finds them: by their labels in the page's language.
function previewPanel(scope: Locator, words: { title: string; subject: string; frame: string }) {
  const panel = scope.getByRole('region', { name: words.title });
  const frame = panel.getByTitle(words.frame);
  return {
    panel,
    subject: panel.getByRole('definition'),
    frame,
    body: frame.contentFrame().locator('body'),
    radio: (group: string, name: string) => panel.getByRole('radiogroup', { name: group }).getByRole('radio', { name }),
    incident: panel.getByRole('combobox', { name: 'Incident' }),
  };
}

const ENGLISH = { title: 'Email preview', subject: 'Subject', frame: 'Email body' };
const DUTCH = { title: 'Voorbeeld van de e-mail', subject: 'Onderwerp', frame: 'Inhoud van de e-mail' };

async function expectSandboxed(frame: Locator) {
  // No script, no same-origin access: an incident's text cannot act as the portal.
  await expect(frame).toHaveAttribute('sandbox', '');
}

test('English: the Review step and the side pane show the email with the rule options, for the sample or a matching incident', async ({ page }) => {
  const world = await seedOrganization();
  const ruleName = `Preview rule ${randomUUID().slice(0, 8)}`;
  await signIn(page, world.admin);

  await page.getByRole('button', { name: 'Add incident notification rule' }).click();
  const main = page.getByRole('main');
  await main.getByLabel('Rule name').fill(ruleName);
  await main.getByRole('button', { name: 'Next' }).click();
  await main.getByRole('group', { name: 'Alert severity' }).getByRole('checkbox', { name: 'High', exact: true }).check();
  await main.getByRole('checkbox', { name: 'Include organization name in the email' }).check();
  await main.getByRole('button', { name: 'Next' }).click();
  await main.getByRole('textbox', { name: 'Email address' }).fill(`soc-${randomUUID().slice(0, 8)}@contoso.com`);
  await main.getByRole('button', { name: 'Add', exact: true }).click();
  await main.getByRole('button', { name: 'Next' }).click();

  // Review: the sample incident, in the portal's language, with the organization name and without a tenant link.
  const review = previewPanel(main, ENGLISH);
  await expect(review.subject).toHaveText(`[High] Incident: ${SAMPLE_INCIDENT.displayName} - ${world.tenant.name}`);
  await expectSandboxed(review.frame);
  await expect(review.radio('Language', 'English')).toBeChecked();
  await expect(review.body).toContainText('A new incident matches your notification rule.');
  await expect(review.body).toContainText(world.tenant.name);
  const link = review.frame.contentFrame().getByRole('link', { name: 'View incident in Microsoft Defender' });
  await expect(link).toHaveAttribute('href', 'https://security.microsoft.com/incidents/31337');

  // Desktop and phone widths.
  await expect(review.frame).toHaveAttribute('width', '600');
  await review.radio('Width', 'Mobile (375 px)').check();
  await expect(review.frame).toHaveAttribute('width', '375');
  await expect(review.frame).toHaveJSProperty('offsetWidth', 375);

  // The matching recent incident is offered, the low one the rule ignores is not.
  await expect(review.incident.locator('option')).toHaveText(['Sample incident', world.incident.option]);
  await review.incident.selectOption({ label: world.incident.option });
  await expect(review.subject).toHaveText(`[High] Incident: ${world.incident.displayName} - ${world.tenant.name}`);
  await expect(review.body).toContainText(world.incident.alertTitle);
  await expect(review.body).toContainText('Clients');

  // The other language, side by side with the same choices.
  await review.radio('Language', 'Nederlands').check();
  await expect(review.subject).toHaveText(`[Hoog] Incident: ${world.incident.displayName} - ${world.tenant.name}`);
  await expect(review.body).toContainText('Een nieuw incident komt overeen met uw meldingsregel.');
  await expect(review.body).not.toContainText('A new incident matches your notification rule.');

  // Saved, the rule's side pane shows the same email.
  await main.getByRole('button', { name: 'Create rule' }).click();
  const pane = page.getByRole('dialog', { name: ruleName });
  await expect(pane).toBeVisible();
  // The panel sits beside the pane's other parts without disturbing them (one switch, one preview).
  await expect(pane.getByRole('switch', { name: 'Rule enabled' })).toHaveCount(1);
  const side = previewPanel(pane, ENGLISH);
  await expect(side.panel).toHaveCount(1);
  await expect(side.subject).toHaveText(`[High] Incident: ${SAMPLE_INCIDENT.displayName} - ${world.tenant.name}`);
  await expectSandboxed(side.frame);
  await side.incident.selectOption({ label: world.incident.option });
  await expect(side.subject).toHaveText(`[High] Incident: ${world.incident.displayName} - ${world.tenant.name}`);
  await expect(side.body).toContainText(world.incident.alertTitle);
  await expect(side.body).not.toContainText(world.lowIncident.alertTitle);
});

test('Nederlands: the side pane and the Review step show the email in Dutch or English, with the tenant-specific portal link', async ({ page }) => {
  const world = await seedOrganization();
  const analyst = await createUser('SECURITY_ADMINISTRATOR', { tenantId: world.tenant.id, language: 'nl' });
  const ruleName = `Voorbeeldregel ${randomUUID().slice(0, 8)}`;
  await e2eDb().notificationRule.create({
    data: {
      tenantId: world.tenant.id,
      name: ruleName,
      severities: ['high', 'low'],
      includeTenantPortalLink: true,
      recipients: { create: [{ tenantId: world.tenant.id, email: `analist-${randomUUID().slice(0, 8)}@contoso.nl`, language: 'nl' }] },
    },
  });
  await signIn(page, analyst);

  const main = page.getByRole('main');
  await main.getByRole('grid', { name: 'Meldingsregels voor incidenten' }).getByRole('row').filter({ hasText: ruleName }).click();
  const pane = page.getByRole('dialog', { name: ruleName });
  const side = previewPanel(pane, DUTCH);
  // Without the organization name, with this organization's own tenant id in the link.
  await expect(side.subject).toHaveText(`[Hoog] Incident: ${SAMPLE_INCIDENT.displayName}`);
  await expectSandboxed(side.frame);
  await expect(side.radio('Taal', 'Nederlands')).toBeChecked();
  await expect(side.body).toContainText('Nieuw incident');
  await expect(side.body).not.toContainText(world.tenant.name);
  const link = side.frame.contentFrame().getByRole('link', { name: 'Incident bekijken in Microsoft Defender' });
  await expect(link).toHaveAttribute('href', `https://security.microsoft.com/incidents/31337?tid=${world.microsoftTenantId}`);

  // Both incidents match a rule for High and Low, newest first.
  await expect(side.incident.locator('option')).toHaveText(['Voorbeeldincident', world.lowIncident.option, world.incident.option]);
  await side.incident.selectOption({ label: world.lowIncident.option });
  await expect(side.subject).toHaveText(`[Laag] Incident: ${world.lowIncident.displayName}`);
  await expect(side.body).toContainText(world.lowIncident.alertTitle);
  await side.radio('Taal', 'English').check();
  await expect(side.subject).toHaveText(`[Low] Incident: ${world.lowIncident.displayName}`);
  await expect(side.body).toContainText('A new incident matches your notification rule.');
  await side.radio('Breedte', 'Mobiel (375 px)').check();
  await expect(side.frame).toHaveAttribute('width', '375');

  // The wizard's Review step of the same rule.
  await pane.getByRole('button', { name: 'Regel bewerken' }).click();
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole('navigation', { name: 'Stappen' }).getByRole('button', { name: 'Regel controleren' }).click();
  const review = previewPanel(main, DUTCH);
  await expect(review.subject).toHaveText(`[Hoog] Incident: ${SAMPLE_INCIDENT.displayName}`);
  await expect(review.radio('Breedte', 'Computer (600 px)')).toBeChecked();
  await expect(review.frame).toHaveAttribute('width', '600');
  await review.incident.selectOption({ label: world.incident.option });
  await expect(review.subject).toHaveText(`[Hoog] Incident: ${world.incident.displayName}`);
  await expect(review.body).toContainText(world.incident.alertTitle);
  await expect(review.body).toContainText('Een nieuw incident komt overeen met uw meldingsregel.');

  // An incident gone since it was offered: the preview says so instead of showing an email.
  await e2eDb().incident.delete({ where: { id: world.incident.id } });
  await review.radio('Taal', 'English').check();
  await expect(review.panel.getByText('Het voorbeeld kan niet worden weergegeven')).toBeVisible();
  await expect(review.panel).toContainText('Dit item bestaat niet meer.');
  await expect(review.frame).toHaveCount(0);
});

test('a user who may view some device groups is offered only incidents there, and alerts elsewhere are counted, not shown', async ({ page }) => {
  const { tenant, groups } = await createRbacTenant(['Amsterdam', 'Rotterdam']);
  const analyst = await createUser('SECURITY_OPERATOR', { tenantId: tenant.id });
  await createRbacRole(tenant.id, {
    name: `Amsterdam viewers ${randomUUID().slice(0, 6)}`,
    permissions: ['viewIncidents'],
    deviceGroupIds: [groups.Amsterdam!.id],
    userIds: [analyst.id],
  });
  const rule = await createRuleRow(tenant.id, { name: `All groups ${randomUUID().slice(0, 6)}`, deviceGroupIds: 'all', recipient: 'soc@contoso.com' });
  const suffix = randomUUID().slice(0, 6);
  const mixed = await seedIncidentWith(tenant.id, `Lateral movement ${suffix}`, 'high', [
    { title: `Pass-the-hash on AMS-WS-01 ${suffix}`, groupId: groups.Amsterdam!.id },
    { title: `Pass-the-hash on RTM-SRV-07 ${suffix}`, groupId: groups.Rotterdam!.id },
  ]);
  // Newer than the mixed one, so it would be listed first were it offered.
  await seedIncidentWith(tenant.id, `Rotterdam only ${suffix}`, 'high', [
    { title: `Beacon on RTM-SRV-09 ${suffix}`, groupId: groups.Rotterdam!.id },
  ]);
  await signIn(page, analyst);

  await page.getByRole('main').getByRole('grid').getByRole('row').filter({ hasText: rule.name }).click();
  const side = previewPanel(page.getByRole('dialog', { name: rule.name }), ENGLISH);
  // Not the incident wholly in Rotterdam.
  await expect(side.incident.locator('option')).toHaveText(['Sample incident', mixed.option]);
  await side.incident.selectOption({ label: mixed.option });
  await expect(side.subject).toHaveText(`[High] Incident: ${mixed.displayName}`);
  await expect(side.body).toContainText(`Pass-the-hash on AMS-WS-01 ${suffix}`);
  await expect(side.body).not.toContainText('RTM-SRV-07');
  await expect(side.body).not.toContainText(groups.Rotterdam!.name);
  await expect(side.panel).toContainText(
    '1 alert of this incident is outside your device groups, so the preview leaves it out. Recipients who may see it get it in the email.',
  );
});
