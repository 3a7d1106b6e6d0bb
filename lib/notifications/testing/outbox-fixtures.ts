import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db/client';
import type { DigestEmailProps, IncidentEmailProps, RenderedEmail, TestEmailProps } from '@/emails/types';
import type { Renderer } from '@/lib/notifications/compose';
import type { DispatcherConfig } from '@/lib/notifications/config';
import type { Language } from '@/lib/i18n/languages';

// Rows and settings the dispatcher tests share. Timings are short so the suites stay fast; every test
// gets its own rate-limit key, so tests never wait for each other's slots.

export function testConfig(baseUrl: string, overrides: Partial<DispatcherConfig> = {}): DispatcherConfig {
  return {
    from: 'Incident notifications <alerts@example.com>',
    timeZone: 'Europe/Amsterdam',
    ratePerSecond: 100,
    maxAttempts: 3,
    requestTimeoutMs: 500,
    leaseMs: 3000,
    pollIntervalMs: 50,
    batchSize: 100,
    // As in production: several groups in flight at once.
    sendLanes: 3,
    // Off: tests judge caps at clocks in the past, whose counters a pruner on the real clock would delete
    // under another test's feet (cap-count.integration.test.ts turns it on).
    capCountPruneIntervalMs: 0,
    backoff: { baseMs: 20, maxMs: 80 },
    transport: { apiKey: 're_test', baseUrl, rateLimitKey: `test:${randomUUID()}`, sink: false },
    ...overrides,
  };
}

// Renders something cheap that still carries the props (as JSON in the text part), and counts calls.
export function countingRenderer(): Renderer & { incidentCalls: IncidentEmailProps[]; testCalls: TestEmailProps[]; digestCalls: DigestEmailProps[] } {
  const incidentCalls: IncidentEmailProps[] = [];
  const testCalls: TestEmailProps[] = [];
  const digestCalls: DigestEmailProps[] = [];
  const render = (subject: string, props: object): RenderedEmail => ({ subject, html: `<pre>${subject}</pre>`, text: JSON.stringify(props) });
  return {
    incidentCalls,
    testCalls,
    digestCalls,
    async incident(props) {
      incidentCalls.push(props);
      return render(`Incident ${props.incident.externalId}`, props);
    },
    async test(props) {
      testCalls.push(props);
      return render(`Test ${props.ruleName}`, props);
    },
    async digest(props) {
      digestCalls.push(props);
      return render(`Digest of ${props.items.length}`, props);
    },
  };
}

// Deliveries other test files left behind (the database is shared) must not be sent to this file's
// stand-in: they are moved out of reach, far in the future.
export async function parkOtherDeliveries(): Promise<void> {
  await db().$executeRaw`
    UPDATE "Delivery" SET "nextAttemptAt" = '2999-01-01', "leaseUntil" = CASE WHEN "status" = 'sending' THEN '2999-01-01'::timestamp END
    WHERE "status" IN ('queued', 'sending')`;
}

export async function seedIncident(tenantId: string, groupIds: string[] = [], options: { sourceTenantId?: string | null } = {}) {
  const incident = await db().incident.create({
    data: {
      tenantId,
      externalId: `inc-${randomUUID()}`,
      displayName: 'Multi-stage incident involving Execution & Command and control on one endpoint',
      severity: 'high',
      status: 'active',
      incidentWebUrl: 'https://security.microsoft.com/incident2/29/overview?tid=cfcdbe43-297b-4c6b-ac7e-8d7f6befb514',
      sourceTenantId: options.sourceTenantId === undefined ? 'cfcdbe43-297b-4c6b-ac7e-8d7f6befb514' : options.sourceTenantId,
      createdDateTime: new Date('2026-01-22T12:09:23Z'),
      lastUpdateDateTime: new Date('2026-02-25T16:29:33Z'),
      categories: ['Persistence'],
      alerts: {
        create: [0, 1, 2].map((index) => ({
          tenantId,
          externalId: `alert-${randomUUID()}`,
          title: `A WMI event filter was bound to a suspicious event consumer #${index}`,
          severity: index === 0 ? 'high' : 'medium',
          status: 'new',
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'microsoftDefenderForEndpoint',
          firstActivity: new Date(Date.UTC(2026, 0, 22, 12, 8 - index)),
          deviceGroupIds: groupIds.slice(index, index + 1),
        })),
      },
    },
    include: { alerts: { orderBy: { title: 'asc' } } },
  });
  // The event brings the first two alerts only.
  const event = await db().incidentEvent.create({
    data: { tenantId, incidentId: incident.id, kind: 'created', alertExternalIds: incident.alerts.slice(0, 2).map((a) => a.externalId) },
  });
  return { incident, event };
}

export type Recipient = { email: string; language?: Language; includeOrganizationName?: boolean; includeTenantPortalLink?: boolean };

// Unscoped deliveries: each shows every alert of the event and every device group of those alerts.
export async function queueDeliveries(
  tenantId: string,
  seeded: { incident: { alerts: { externalId: string; deviceGroupIds: string[] }[] }; event: { alertExternalIds: string[] } } & {
    incident: { id: string };
    event: { id: string };
  },
  recipients: Recipient[],
) {
  const shown = seeded.incident.alerts.filter((alert) => seeded.event.alertExternalIds.includes(alert.externalId));
  const rows = recipients.map((r) => ({
    id: randomUUID(),
    tenantId,
    kind: 'incident' as const,
    eventId: seeded.event.id,
    incidentId: seeded.incident.id,
    recipientEmail: r.email,
    language: r.language ?? 'en',
    includeOrganizationName: r.includeOrganizationName ?? false,
    includeTenantPortalLink: r.includeTenantPortalLink ?? false,
    alertExternalIds: shown.map((alert) => alert.externalId),
    deviceGroupIds: [...new Set(shown.flatMap((alert) => alert.deviceGroupIds))],
  }));
  await db().delivery.createMany({ data: rows });
  return rows.map((row) => row.id);
}

export function recipients(count: number, prefix = 'analyst'): Recipient[] {
  return Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}-${randomUUID().slice(0, 6)}@contoso.com` }));
}

export function deliveriesOf(ids: string[]) {
  return db().delivery.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
}

// Runs the send path until every given delivery has an outcome (retries included), as the dispatcher's
// loop would, but without its poll delay.
export async function drain(
  dispatchDue: (options: { ids?: readonly string[] }) => Promise<number>,
  ids: string[],
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await dispatchDue({ ids });
    const open = await db().delivery.count({ where: { id: { in: ids }, status: { in: ['queued', 'sending'] } } });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error(`${open} deliveries still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// How often the provider accepted each delivery (after its idempotency dedupe).
export function acceptedCounts(accepted: { deliveryId: string | null }[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const email of accepted) counts.set(email.deliveryId, (counts.get(email.deliveryId) ?? 0) + 1);
  return counts;
}
