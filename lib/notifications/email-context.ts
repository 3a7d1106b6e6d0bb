import { db } from '@/lib/db/client';
import type { ClaimedDelivery } from '@/lib/notifications/claim';
import type { DigestContext } from '@/lib/notifications/digest-props';
import type { EventContext, TestEmailContext, TimedChange, WindowEvent } from '@/lib/notifications/email-props';
import { parseHeldReason } from '@/lib/rules/caps';

// Loads what the emails of one claimed group are made of, in a fixed number of queries whatever the
// group's size. Every lookup is scoped by the delivery's own tenant.

export type GroupContext = {
  events: Map<string, EventContext>; // by event id
  tests: Map<string, TestEmailContext>; // by delivery id
  // The events of a coalescing window, its own event first, by the id of the delivery that sends it; only
  // for windows that other events joined.
  windows: Map<string, WindowEvent[]>;
  // By delivery id. Optional: a context built for incident emails alone (the dry run) has no digests.
  digests?: Map<string, DigestContext>;
};

export async function loadGroupContext(deliveries: readonly ClaimedDelivery[]): Promise<GroupContext> {
  const eventIds = unique(deliveries.flatMap((d) => (d.kind === 'incident' && d.eventId ? [d.eventId] : [])));
  const testIds = deliveries.filter((d) => d.kind === 'test').map((d) => d.id);
  const windowDeliveries = deliveries.filter((d) => d.kind === 'incident' && d.eventId);
  const digestIds = deliveries.filter((d) => d.kind === 'digest').map((d) => d.id);
  const [events, tests, windows, digests] = await Promise.all([
    loadEvents(eventIds),
    loadTests(testIds),
    loadWindows(windowDeliveries),
    loadDigests(digestIds),
  ]);
  return { events, tests, windows, digests };
}

async function loadWindows(deliveries: readonly ClaimedDelivery[]): Promise<Map<string, WindowEvent[]>> {
  if (deliveries.length === 0) return new Map();
  const joined = await db().delivery.findMany({
    where: { coalescedIntoId: { in: deliveries.map((d) => d.id) }, status: 'coalesced' },
    select: { coalescedIntoId: true, tenantId: true, eventId: true },
  });
  if (joined.length === 0) return new Map();
  const openers = deliveries.filter((d) => joined.some((j) => j.coalescedIntoId === d.id));
  const eventIds = unique([...openers.map((d) => d.eventId!), ...joined.flatMap((j) => (j.eventId ? [j.eventId] : []))]);
  const rows = await db().incidentEvent.findMany({
    where: { id: { in: eventIds } },
    select: { id: true, tenantId: true, kind: true, receivedAt: true, alertExternalIds: true, changes: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const windows = new Map<string, WindowEvent[]>();
  for (const opener of openers) {
    const ids = [opener.eventId!, ...joined.filter((j) => j.coalescedIntoId === opener.id && j.tenantId === opener.tenantId).map((j) => j.eventId!)];
    const events = ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row || row.tenantId !== opener.tenantId) return [];
      const changes = (Array.isArray(row.changes) ? row.changes : []) as Omit<TimedChange, 'at'>[];
      return [{ kind: row.kind, receivedAt: row.receivedAt, alertExternalIds: row.alertExternalIds, changes: changes.map((change) => ({ ...change, at: row.receivedAt })) }];
    });
    windows.set(opener.id, events);
  }
  return windows;
}

async function loadEvents(eventIds: string[]): Promise<Map<string, EventContext>> {
  if (eventIds.length === 0) return new Map();
  const events = await db().incidentEvent.findMany({
    where: { id: { in: eventIds } },
    include: { incident: { include: { tenant: true, alerts: true } } },
  });
  const groupIds = unique(events.flatMap((e) => e.incident.alerts.flatMap((a) => a.deviceGroupIds)));
  const groups = groupIds.length
    ? await db().deviceGroup.findMany({
        where: { id: { in: groupIds }, tenantId: { in: unique(events.map((e) => e.tenantId)) } },
        select: { id: true, tenantId: true, name: true },
      })
    : [];
  const contexts = new Map<string, EventContext>();
  for (const event of events) {
    const { incident } = event;
    contexts.set(event.id, {
      eventKind: event.kind,
      alertExternalIds: event.alertExternalIds,
      incident,
      alerts: incident.alerts.filter((alert) => alert.tenantId === event.tenantId),
      tenant: incident.tenant,
      groupNames: new Map(groups.filter((g) => g.tenantId === event.tenantId).map((g) => [g.id, g.name])),
    });
  }
  return contexts;
}

// One incident of a tenant as if it had just arrived: a "created" event bringing every alert it has now.
// The email preview renders it; null when the tenant has no such incident.
export async function loadIncidentContext(tenantId: string, incidentId: string): Promise<EventContext | null> {
  const incident = await db().incident.findFirst({
    where: { id: incidentId, tenantId },
    include: { tenant: true, alerts: { where: { tenantId }, orderBy: [{ firstActivity: 'asc' }, { externalId: 'asc' }] } },
  });
  if (!incident) return null;
  const groupIds = unique(incident.alerts.flatMap((alert) => alert.deviceGroupIds));
  const groups = groupIds.length
    ? await db().deviceGroup.findMany({ where: { id: { in: groupIds }, tenantId }, select: { id: true, name: true } })
    : [];
  return {
    eventKind: 'created',
    alertExternalIds: incident.alerts.map((alert) => alert.externalId),
    incident,
    alerts: incident.alerts,
    tenant: incident.tenant,
    groupNames: new Map(groups.map((group) => [group.id, group.name])),
  };
}

async function loadTests(deliveryIds: string[]): Promise<Map<string, TestEmailContext>> {
  if (deliveryIds.length === 0) return new Map();
  const rows = await db().delivery.findMany({
    where: { id: { in: deliveryIds } },
    select: { id: true, tenant: { select: { name: true, microsoftTenantId: true } }, rules: { select: { ruleName: true } } },
  });
  return new Map(rows.map((row) => [row.id, { ruleName: row.rules[0]?.ruleName ?? '', tenant: row.tenant }]));
}

// What each digest lists: its held deliveries as its claim left them (what the recipient may no longer see
// was marked filtered then, and is only counted), so a retry composes exactly the same email.
async function loadDigests(deliveryIds: string[]): Promise<Map<string, DigestContext>> {
  if (deliveryIds.length === 0) return new Map();
  const digests = await db().delivery.findMany({
    where: { id: { in: deliveryIds } },
    select: {
      id: true,
      tenantId: true,
      tenant: { select: { name: true, microsoftTenantId: true } },
      digested: {
        where: { status: { in: ['held', 'filtered'] } },
        select: {
          tenantId: true,
          status: true,
          heldReason: true,
          createdAt: true,
          includeTenantPortalLink: true,
          incident: { select: { tenantId: true, externalId: true, displayName: true, incidentWebUrl: true, sourceTenantId: true } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
    },
  });
  return new Map(
    digests.map((digest) => {
      const ofTenant = digest.digested.filter((item) => item.tenantId === digest.tenantId && item.incident?.tenantId === digest.tenantId);
      const listed = ofTenant.filter((item) => item.status === 'held');
      const context: DigestContext = {
        tenant: digest.tenant,
        items: listed.map((item) => ({
          incident: item.incident!,
          reason: parseHeldReason(item.heldReason),
          heldAt: item.createdAt,
          includeTenantPortalLink: item.includeTenantPortalLink,
        })),
        leftOutCount: ofTenant.length - listed.length,
      };
      return [digest.id, context];
    }),
  );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
