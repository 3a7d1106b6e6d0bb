import type { Db } from '@/lib/db/client';
import type { Language } from '@/lib/i18n/languages';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { categoriesOf, toAlertRow } from '@/lib/incidents/ingest/alerts';
import { resolveKnownGroups } from '@/lib/incidents/ingest/device-groups';
import { tenantSnapshot } from '@/lib/incidents/ingest/tenant-snapshot';
import type { ClaimedDelivery } from '@/lib/notifications/claim';
import { renderEmails, templateRenderer } from '@/lib/notifications/compose';
import type { EventContext } from '@/lib/notifications/email-props';
import { emptyDecisions } from '@/lib/rules/decisions';
import { explainEvent, type RuleOutcome } from '@/lib/rules/explain';
import { planDeliveries, type MatchAlert, type PlannedDelivery } from '@/lib/rules/match';
import { activeAt, silenceFor } from '@/lib/rules/silences';

// "Test an incident against the rules": what ingest would decide for these incidents if they arrived now,
// as new incidents, with the tenant's rules and recipients as they are: the same snapshot, the same
// matcher (recording its reasons), and the emails rendered by the dispatcher's own composer. Nothing is
// stored, registered or sent. Device groups the tenant does not know yet count as no group (ingest would
// register them, but no rule can have selected them).

export type DryRunEmail = {
  recipients: string[];
  language: Language;
  subject: string;
  html: string;
  text: string;
  // Minutes it would wait for more changes of the incident first (the rules' coalescing window); 0: at once.
  waitMinutes: number;
};

export type DryRunIncident = {
  externalId: string;
  displayName: string;
  alertCount: number;
  rules: RuleOutcome[];
  // Rules the viewer may not see: counted, never named (the API key sees every rule).
  hiddenRuleCount: number;
  // One per distinct email: recipients who would get the same content share one.
  emails: DryRunEmail[];
};

export type DryRunResult = { dryRun: true; incidents: DryRunIncident[] };

export type DryRunOptions = {
  client: Db;
  now: Date;
  // May the viewer see this rule? The API key (tenant-wide) sees all.
  canSeeRule?: (ruleId: string) => boolean;
  timeZone?: string;
  // May the viewer see this device group's name? A pasted payload can name any group by its Defender id,
  // and the emails shown must not spell out the names of groups outside the viewer's (default: all).
  visibleGroup?: (deviceGroupId: string) => boolean;
  // The name a silence holding an email is shown by, or null when the viewer may not see that silence.
  silenceName?: (silence: { name: string; deviceGroupIds: string[] }) => string | null;
};

type HeldBy = { name: string; deviceGroupIds: string[] };

// One email render per distinct content, whatever the number of recipients: an email depends on the
// language, the options and what it may show, never on the recipient.
const contentKey = (d: ClaimedDelivery) =>
  [d.language, d.includeOrganizationName, d.includeTenantPortalLink, d.scopeLimited, d.alertExternalIds.join(','), d.deviceGroupIds.join(',')].join('|');

export async function dryRunIncidents(tenantId: string, incidents: readonly NormalizedIncident[], options: DryRunOptions): Promise<DryRunResult> {
  const { client, now } = options;
  const [found] = await client.$queryRaw<{ version: bigint }[]>`
    SELECT COALESCE((SELECT "version" FROM "MatchingVersion" WHERE "tenantId" = ${tenantId}::uuid), 0) AS version`;
  const snapshot = await tenantSnapshot(client, tenantId, found!.version);
  const tenant = await client.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, microsoftTenantId: true } });
  const resolveGroup = resolveKnownGroups(incidents, snapshot.groups, { unknownAsNone: true })!;
  const visibleGroup = options.visibleGroup ?? (() => true);
  const groupNames = new Map(
    (await client.deviceGroup.findMany({ where: { tenantId }, select: { id: true, name: true } })).filter((g) => visibleGroup(g.id)).map((g) => [g.id, g.name]),
  );
  const rules = await client.notificationRule.findMany({
    where: { tenantId },
    select: { id: true, name: true, createdAt: true, recipients: { select: { email: true, addedAt: true } } },
  });
  const canSeeRule = options.canSeeRule ?? (() => true);
  const silenceName = options.silenceName ?? ((silence: HeldBy) => silence.name);
  // Silences are applied when the dispatcher claims an email (lib/notifications/silence-check.ts): one in
  // effect now would hold it back, so the dry run says so, with the same decision.
  const { timeZone: tenantZone } = await client.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
  const silences = await client.silence.findMany({
    where: { tenantId, ...activeAt(now) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });

  const results: DryRunIncident[] = [];
  for (const incident of incidents) {
    const alerts = incident.alerts.map((alert) => toAlertRow(alert, resolveGroup));
    const matchAlerts: MatchAlert[] = alerts.map(({ externalId, severity, serviceSource, detectionSource, deviceGroupIds }) => ({
      externalId, severity, serviceSource, detectionSource, deviceGroupIds, added: true,
    }));
    const decisions = alerts.length > 0 ? emptyDecisions() : null;
    const planned = decisions
      ? planDeliveries({ receivedAt: now, alerts: matchAlerts }, snapshot.matching.rules, new Set(), snapshot.matching.recipientScopes, decisions)
      : [];
    const alertsById = new Map(alerts.map((alert) => [alert.externalId, alert]));
    const heldBy = new Map<PlannedDelivery, HeldBy>();
    for (const delivery of planned) {
      if (delivery.status !== 'queued') continue;
      const shown = delivery.alertExternalIds.flatMap((id) => alertsById.get(id) ?? []);
      const candidate = { incidentTitle: incident.displayName, alerts: shown, ruleIds: delivery.rules.map((rule) => rule.id) };
      const silence = silenceFor(silences, candidate, now, tenantZone);
      if (silence) heldBy.set(delivery, silence);
    }
    const explanation = explainEvent({
      receivedAt: now,
      alertCount: alerts.length,
      decisions,
      deliveries: planned.map((delivery) => ({
        recipientEmail: delivery.email,
        status: heldBy.has(delivery) ? 'silenced' : delivery.status,
        filterReason: delivery.filterReason,
        silenceName: heldBy.has(delivery) ? silenceName(heldBy.get(delivery)!) : null,
        providerStatus: null,
        providerStatusAt: null,
        providerReason: null,
        createdAt: now,
        sentAt: null,
        ruleIds: delivery.rules.map((rule) => rule.id),
      })),
      rules,
      deletedRuleNames: new Map(),
      canSeeRule,
    });

    const eventId = `dry-run:${incident.externalId}`;
    const context: EventContext = {
      eventKind: 'created',
      alertExternalIds: alerts.map((alert) => alert.externalId),
      incident: { ...incident, categories: categoriesOf(alerts) },
      alerts,
      tenant,
      groupNames,
    };
    // Recipients of rules the viewer may not see are not shown their emails either.
    const visible = planned.filter(
      (delivery) => delivery.status === 'queued' && !heldBy.has(delivery) && delivery.rules.some((rule) => canSeeRule(rule.id)),
    );
    const waits = new Map<ClaimedDelivery, number>();
    const claimed: ClaimedDelivery[] = visible.map((delivery) => ({
      id: eventId,
      tenantId,
      kind: 'incident',
      eventId,
      incidentId: null,
      recipientEmail: delivery.email,
      language: delivery.language,
      includeOrganizationName: delivery.includeOrganizationName,
      includeTenantPortalLink: delivery.includeTenantPortalLink,
      alertExternalIds: delivery.alertExternalIds,
      deviceGroupIds: delivery.deviceGroupIds,
      withheldAlertCount: delivery.withheldAlertCount,
      scopeLimited: delivery.scopeLimited,
      attempts: 0,
    }));
    claimed.forEach((delivery, i) => waits.set(delivery, visible[i]!.waitMinutes));
    const byContent = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      const key = `${contentKey(delivery)}|${waits.get(delivery)}`;
      byContent.set(key, [...(byContent.get(key) ?? []), delivery]);
    }
    const firsts = [...byContent.values()].map((group) => group[0]!);
    const rendered = await renderEmails(firsts, { events: new Map([[eventId, context]]), tests: new Map(), windows: new Map() }, {
      from: 'dry-run',
      timeZone: options.timeZone ?? 'UTC',
      renderer: templateRenderer,
    });
    results.push({
      externalId: incident.externalId,
      displayName: incident.displayName,
      alertCount: alerts.length,
      rules: explanation.recorded ? explanation.rules : [],
      hiddenRuleCount: explanation.recorded ? explanation.hiddenRuleCount : 0,
      emails: [...byContent.values()].map((group, i) => ({
        recipients: group.map((delivery) => delivery.recipientEmail),
        language: group[0]!.language,
        subject: rendered[i]!.subject,
        html: rendered[i]!.html,
        text: rendered[i]!.text,
        waitMinutes: waits.get(group[0]!) ?? 0,
      })),
    });
  }
  return { dryRun: true, incidents: results };
}
