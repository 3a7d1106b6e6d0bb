import 'server-only';
import { canSee, scopeFor } from '@/lib/auth/authorize';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import { recentVisibleIncidents } from '@/lib/data/recent-incidents';
import { renderIncidentEmailFor, renderSampleIncidentEmail, templateRenderer, type RenderSettings } from '@/lib/notifications/compose';
import { emailTimeZone } from '@/lib/notifications/config';
import { loadIncidentContext } from '@/lib/notifications/email-context';
import type { StoredAlert } from '@/lib/notifications/email-props';
import type { Language } from '@/lib/i18n/languages';
import { planDeliveries, type MatchAlert, type MatchRule, type PlannedDelivery } from '@/lib/rules/match';
import { SafeError, notFound } from '@/lib/safe-error';
import { SAMPLE_INCIDENT_CHOICE, type EmailPreviewInput, type PreviewRuleSettings } from '@/lib/validation/email-preview';

// The email a rule would send, for the wizard's Review step and the rule's side pane: the rule's settings as
// they stand in the form, matched by the ingest's own matcher (lib/rules/match.ts) and rendered by the
// dispatcher's own composition (compose.ts), so the preview cannot drift from what is sent.
//
// The caller previews as a recipient: a real incident is shown with only the alerts in their own device
// groups (as it would be sent to them), and the alerts left out for that reason are counted, never named.
// A real incident is shown as a new one: every alert it has now, as if it had just arrived.

export type PreviewIncident = { id: string; externalId: string; displayName: string; updatedAt: string };

export type EmailPreview = {
  subject: string;
  html: string;
  text: string;
  // Recent incidents the rule matches that the caller may see, newest first: the preview's other choices.
  incidents: PreviewIncident[];
  // Alerts of the chosen incident outside the caller's device groups, left out of the preview.
  hiddenAlertCount: number;
};

// Enough recent incidents to find a few matches among, few enough to match in a moment.
const CANDIDATE_INCIDENTS = 200;
const LISTED_INCIDENTS = 20;
// Recipients are checked for having been added before the event; the preview's one recipient always was.
const LONG_AGO = new Date(0);

export async function previewRuleEmail(ctx: TenantContext, input: EmailPreviewInput): Promise<EmailPreview> {
  const rule = matchRule(input.rule, ctx.userEmail, input.language);
  const settings: RenderSettings = { timeZone: emailTimeZone(), renderer: templateRenderer };
  const incidents = await matchingIncidents(ctx, rule);
  if (input.incident === SAMPLE_INCIDENT_CHOICE) {
    const tenant = await db().tenant.findUnique({ where: { id: ctx.tenantId }, select: { name: true, microsoftTenantId: true } });
    if (!tenant) throw notFound();
    const options = { language: input.language, ...emailOptionsOf(input.rule) };
    return { ...(await renderSampleIncidentEmail(tenant, options, settings)), incidents, hiddenAlertCount: 0 };
  }
  const event = await loadIncidentContext(ctx.tenantId, input.incident);
  // Another organization's incident, or one wholly outside the caller's device groups, does not exist for them.
  if (!event || !event.alerts.some((alert) => mayView(ctx, alert))) throw notFound();
  const planned = planFor(ctx, rule, event.alerts, event.alertExternalIds);
  if (!planned) throw new SafeError('previewIncidentNotMatched');
  const options = {
    language: planned.language,
    includeOrganizationName: planned.includeOrganizationName,
    includeTenantPortalLink: planned.includeTenantPortalLink,
  };
  const email = await renderIncidentEmailFor(event, planned, options, settings);
  return { ...email, incidents, hiddenAlertCount: event.alerts.filter((alert) => !mayView(ctx, alert)).length };
}

function emailOptionsOf(rule: PreviewRuleSettings) {
  return { includeOrganizationName: rule.includeOrganizationName, includeTenantPortalLink: rule.includeTenantPortalLink };
}

// The form's settings as the matcher's rule, with the caller as its only recipient. Enabled whatever the
// saved switch says: the preview shows what the rule sends when it is on.
function matchRule(settings: PreviewRuleSettings, email: string, language: Language): MatchRule {
  return {
    id: 'preview',
    name: '',
    enabled: true,
    severities: settings.severities,
    allDeviceGroups: settings.deviceGroupScope === 'all',
    deviceGroupIds: settings.deviceGroupScope === 'selected' ? settings.deviceGroupIds : [],
    allSources: settings.sourceScope === 'all',
    sources: settings.sourceScope === 'selected' ? settings.sources : [],
    oneNotificationPerIncident: false,
    ...emailOptionsOf(settings),
    recipients: [{ email, language, addedAt: LONG_AGO }],
  };
}

// The caller's delivery of this incident as a new one, limited to what they may see; null when the rule
// would send them nothing about it.
function planFor(
  ctx: TenantContext,
  rule: MatchRule,
  alerts: readonly MatchAlert[],
  order: readonly string[],
): PlannedDelivery | null {
  const byId = new Map(alerts.map((alert) => [alert.externalId, alert]));
  const event = { receivedAt: new Date(), alerts: order.flatMap((id) => byId.get(id) ?? []) };
  const recipient = rule.recipients[0]!.email.toLowerCase();
  const viewScope = new Map([[recipient, scopeFor(ctx.actor, 'incidents.view')]]);
  const [planned] = planDeliveries(event, [rule], new Set(), viewScope);
  return planned?.status === 'queued' ? planned : null;
}

function mayView(ctx: TenantContext, alert: Pick<StoredAlert, 'deviceGroupIds'>): boolean {
  return canSee(ctx.actor, 'incidents.view', { allDeviceGroups: false, deviceGroupIds: alert.deviceGroupIds });
}

async function matchingIncidents(ctx: TenantContext, rule: MatchRule): Promise<PreviewIncident[]> {
  const recent = await recentVisibleIncidents(ctx, CANDIDATE_INCIDENTS);
  const matching: PreviewIncident[] = [];
  for (const incident of recent) {
    if (matching.length === LISTED_INCIDENTS) break;
    if (!planFor(ctx, rule, incident.alerts, incident.alerts.map((alert) => alert.externalId))) continue;
    matching.push({
      id: incident.id,
      externalId: incident.externalId,
      displayName: incident.displayName,
      updatedAt: incident.updatedAt.toISOString(),
    });
  }
  return matching;
}
