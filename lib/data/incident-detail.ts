import 'server-only';
import { can, canSee, scopeFor } from '@/lib/auth/authorize';
import { silenceNamesFor } from '@/lib/data/silences';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { db } from '@/lib/db/client';
import { alertVisible, groupNames, incidentScope, visibleIncidents } from '@/lib/data/incidents';
import type { IncidentChange } from '@/lib/incidents/ingest/changes';
import { parseHeldReason } from '@/lib/rules/caps';
import { parseDecisions } from '@/lib/rules/decisions';
import { explainEvent, joinedStatusOf, type DigestState, type EventExplanation, type HeldCap } from '@/lib/rules/explain';

// One incident as its page shows it: the alerts the viewer may see (the rest counted), and each event
// with what changed and, per rule and recipient, whether it emailed and why not.

export type IncidentAlertView = {
  externalId: string;
  title: string;
  severity: string;
  status: string;
  category: string | null;
  serviceSource: string | null;
  detectionSource: string | null;
  devices: { name: string; group: string | null }[];
  hiddenDeviceCount: number;
};

export type IncidentEventView = {
  id: string;
  kind: 'created' | 'updated';
  receivedAt: string;
  // Changes of alerts the viewer may not see are counted, not shown.
  changes: IncidentChange[];
  hiddenChangeCount: number;
  explanation: EventExplanation;
};

export type IncidentDetail = {
  id: string;
  externalId: string;
  displayName: string;
  severity: string;
  status: string;
  incidentWebUrl: string | null;
  receivedAt: string;
  alerts: IncidentAlertView[];
  hiddenAlertCount: number;
  events: IncidentEventView[];
};

type StoredDevice = { name: string; deviceGroupId: string | null };

export async function getIncidentDetail(ctx: TenantContext, id: string): Promise<IncidentDetail | null> {
  if (!can(ctx.actor, 'incidents.view')) return null;
  const scope = incidentScope(ctx);
  const incident = await db().incident.findFirst({
    where: { id, tenantId: ctx.tenantId, AND: [visibleIncidents(scope)] },
    include: {
      alerts: { orderBy: [{ createdDateTime: 'asc' }, { externalId: 'asc' }] },
      events: { orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] },
      deliveries: {
        include: {
          rules: { select: { ruleId: true, ruleName: true } },
          digest: { select: { status: true, sentAt: true, nextAttemptAt: true } },
          coalescedInto: { select: { createdAt: true, status: true } },
        },
      },
    },
  });
  if (!incident) return null;
  const silenceNames = await silenceNamesFor(ctx, [...new Set(incident.deliveries.flatMap((delivery) => (delivery.silenceId ? [delivery.silenceId] : [])))]);
  const [groups, rules] = await Promise.all([
    groupNames(ctx.tenantId),
    db().notificationRule.findMany({
      where: { tenantId: ctx.tenantId },
      select: {
        id: true,
        name: true,
        createdAt: true,
        allDeviceGroups: true,
        deviceGroups: { select: { deviceGroupId: true } },
        recipients: { select: { email: true, addedAt: true } },
      },
    }),
  ]);
  const ruleScopes = new Map(rules.map((rule) => [rule.id, { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId) }]));
  // A deleted rule's groups are unknown: only a viewer of every group sees it named.
  const canSeeRule = (ruleId: string) => {
    const ruleScope = ruleScopes.get(ruleId);
    return ruleScope ? canSee(ctx.actor, 'rules.view', ruleScope) : scopeFor(ctx.actor, 'rules.view').all;
  };

  const shownAlerts = incident.alerts.filter((alert) => alertVisible(scope, alert.deviceGroupIds));
  const shownIds = new Set(shownAlerts.map((alert) => alert.externalId));
  const deletedRuleNames = new Map<string, string>();
  for (const delivery of incident.deliveries) {
    for (const link of delivery.rules) if (!ruleScopes.has(link.ruleId)) deletedRuleNames.set(link.ruleId, link.ruleName);
  }

  return {
    id: incident.id,
    externalId: incident.externalId,
    displayName: incident.displayName,
    severity: incident.severity,
    status: incident.status,
    incidentWebUrl: incident.incidentWebUrl,
    receivedAt: incident.receivedAt.toISOString(),
    alerts: shownAlerts.map((alert) => {
      const devices = (alert.devices as StoredDevice[]).filter(
        (device) => scope.all || (device.deviceGroupId !== null && scope.groupIds.has(device.deviceGroupId)),
      );
      return {
        externalId: alert.externalId,
        title: alert.title,
        severity: alert.severity,
        status: alert.status,
        category: alert.category,
        serviceSource: alert.serviceSource,
        detectionSource: alert.detectionSource,
        devices: devices.map((device) => ({ name: device.name, group: device.deviceGroupId ? (groups.get(device.deviceGroupId) ?? null) : null })),
        hiddenDeviceCount: (alert.devices as StoredDevice[]).length - devices.length,
      };
    }),
    hiddenAlertCount: incident.alerts.length - shownAlerts.length,
    events: incident.events.map((event) => {
      const changes = (event.changes as IncidentChange[]).filter((change) => !change.alertId || shownIds.has(change.alertId));
      const eventDeliveries = incident.deliveries.filter((delivery) => delivery.eventId === event.id);
      return {
        id: event.id,
        kind: event.kind === 'updated' ? 'updated' : 'created',
        receivedAt: event.receivedAt.toISOString(),
        changes,
        hiddenChangeCount: (event.changes as IncidentChange[]).length - changes.length,
        explanation: explainEvent({
          receivedAt: event.receivedAt,
          alertCount: event.alertExternalIds.length,
          decisions: parseDecisions(event.decisions),
          deliveries: eventDeliveries.map((delivery) => ({
            recipientEmail: delivery.recipientEmail,
            status: delivery.status,
            filterReason: delivery.filterReason,
            silenceName: delivery.silenceId ? (silenceNames.get(delivery.silenceId) ?? null) : null,
            held: delivery.status === 'held' ? heldCap(delivery.heldReason, canSeeRule) : null,
            digest: delivery.digest ? digestState(delivery.digest) : null,
            joinedAt: delivery.coalescedInto?.createdAt ?? null,
            joinedStatus: delivery.coalescedInto ? joinedStatusOf(delivery.coalescedInto.status) : null,
            providerStatus: delivery.providerStatus,
            providerStatusAt: delivery.providerStatusAt,
            providerReason: delivery.providerReason,
            createdAt: delivery.createdAt,
            sentAt: delivery.sentAt,
            ruleIds: delivery.rules.map((link) => link.ruleId),
          })),
          rules,
          deletedRuleNames,
          canSeeRule,
        }),
      };
    }),
  };
}

// A held email's digest as the viewer should read it: its due time only while it is still on its way
// (nextAttemptAt of a failed or filtered digest is a time nothing will happen at).
function digestState(digest: { status: string; sentAt: Date | null; nextAttemptAt: Date }): { state: DigestState; at: Date | null } {
  switch (digest.status) {
    case 'sent':
      return { state: 'sent', at: digest.sentAt };
    case 'queued':
    case 'sending':
      return { state: 'due', at: digest.nextAttemptAt };
    case 'failed':
      return { state: 'failed', at: null };
    // Filtered: nothing left that the recipient may see when it was due, so it was not sent.
    default:
      return { state: 'notSent', at: null };
  }
}

// The cap that held an email, its rule named only to a viewer who may see that rule.
function heldCap(stored: unknown, canSeeRule: (ruleId: string) => boolean): HeldCap | null {
  const reason = parseHeldReason(stored);
  if (!reason) return null;
  const { ruleId, ruleName, ...rest } = reason;
  return { ...rest, ruleName: reason.scope === 'rule' && ruleId !== undefined && canSeeRule(ruleId) ? (ruleName ?? null) : null };
}
