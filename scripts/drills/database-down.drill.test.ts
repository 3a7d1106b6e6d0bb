// Drill 2 of issue 10 §3: the database stops while incidents come in and emails go out. The app runs as `npm start`
// runs it (scripts/start.ts, production build, dispatcher in the web process) against the drill's own PostgreSQL
// server through DATABASE_URL; the drill stops that server (a clean fast shutdown: open sessions are cut off), keeps
// it down, and starts it again on the same data folder and port. Passes when, meanwhile, ingest answers 503 with
// Retry-After (never a 500, never no answer), nothing half-written stays (each stored incident has all its alerts, one
// event and one delivery per recipient), the dispatcher waits between rounds instead of spinning and resumes by
// itself, and afterwards every incident that got a 2xx is emailed to each recipient exactly once.
//
// The senders honour Retry-After up to 1 s (the app asks for 30 s), so a short outage stays a short drill.
// Needs `npx next build`. Variants:
//   DRILL_DB_DOWN_SECONDS   how long the database stays down (default 5; the full variant is 30)
//   DRILL_DB_INCIDENTS      incidents posted, two per request, three alerts each (default 160)
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findFreePort } from '@/lib/db/embedded';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { until, workerEnv } from '@/lib/notifications/testing/worker-process';
import { startDrillDatabase, type DrillDatabase } from './database';
import { deliveriesOfTenant, deliveryFigures, formatOutcomes, lostFigures, printFigures, providerFigures } from './figures';
import { createIngestTally, ingestFigures, sendIncidents } from './sender';
import { seedDrillTenant } from './tenant';
import { assertBuilt, drillDataDir, logLines, startWebApp, stopWebApp, type WebApp } from './web-app';

const DOWN_SECONDS = Number(process.env.DRILL_DB_DOWN_SECONDS || 5);
const INCIDENTS = Number(process.env.DRILL_DB_INCIDENTS || 160);
const RECIPIENTS = 5;
const ALERTS = 3;
const RATE = 20;
const POLL_MS = 200;

let app: WebApp | undefined;
let database: DrillDatabase | undefined;
let standIn: ResendStandIn | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  if (app) await stopWebApp(app);
  await standIn?.close();
  if (process.env.DATABASE_URL) await db().$disconnect();
  await database?.remove();
  for (const cleanup of cleanups) await cleanup();
});

it(`the database down for ${DOWN_SECONDS} s during ingest and dispatch: 503s, nothing half-written, every incident emailed once`, async () => {
  assertBuilt();
  const began = Date.now();
  database = await startDrillDatabase('db-down');
  process.env.DATABASE_URL = database.url;
  const tenant = await seedDrillTenant(RECIPIENTS);
  standIn = await startResendStandIn({ rateLimit: RATE });
  const data = await drillDataDir('db-down-app');
  cleanups.push(data.remove);
  const port = await findFreePort();
  app = await startWebApp(port, data.dir, {
    ...workerEnv(database.url, standIn.url, {
      RESEND_RATE_LIMIT: String(RATE),
      DELIVERY_BATCH_SIZE: '5',
      DISPATCHER_POLL_MS: String(POLL_MS),
      DELIVERY_BACKOFF_BASE_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '1000',
    }),
    AUTH_SECRET: randomBytes(32).toString('hex'),
  });

  const tally = createIngestTally();
  const prefix = randomUUID().slice(0, 8);
  const ids = Array.from({ length: INCIDENTS }, (_, i) => `${prefix}-${i}`);
  const sending = sendIncidents(ids, {
    url: `http://127.0.0.1:${port}`, apiKey: tenant.apiKey, tally, concurrency: 6, perRequest: 2, alerts: ALERTS,
    giveUpAfterMs: DOWN_SECONDS * 1000 + 120_000,
  });
  // Down once a third is in: ingest is still busy, and the dispatcher is busy with the emails of that third.
  await until(() => tally.accepted.size >= INCIDENTS / 3, 60_000, 'a third of the incidents accepted');
  // And at the worst moment for the dispatcher: the provider has accepted a request and answers only once the
  // database is gone, so the outcome cannot be recorded. It must go out again under its key, not afresh.
  let holdNext = true;
  standIn.fallback = () => (holdNext ? ((holdNext = false), { kind: 'hold' }) : { kind: 'ok' });
  await until(() => standIn!.requests.some((r) => r.outcome === 'accepted-hold'), 30_000, 'a held provider request');
  const heldKey = standIn.requests.find((r) => r.outcome === 'accepted-hold')!.idempotencyKey;
  const downAt = Date.now();
  const outputBefore = app.output().length;
  await database.stop();
  standIn.release();
  const stoppedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, (DOWN_SECONDS * 1000) / 2));
  const readyWhileDown = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 'no answer');
  await new Promise((resolve) => setTimeout(resolve, stoppedAt + DOWN_SECONDS * 1000 - Date.now()));
  await database.start();
  const upAt = Date.now();
  const downOutput = app.output().slice(outputBefore);

  await sending;
  const expected = INCIDENTS * RECIPIENTS;
  await until(async () => await allDone(tenant.tenantId, expected), 120_000, 'every email delivered').catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const rows = await deliveriesOfTenant(tenant.tenantId);
  const delivery = deliveryFigures(standIn, rows);
  const provider = providerFigures(standIn, RATE);
  const ingest = ingestFigures(tally);
  const lost = lostFigures(tally.accepted, tenant.recipients, rows, delivery.acceptedPairs);
  const incomplete = await incompleteIncidents(tenant.tenantId);
  const answersWhileDown = tally.answers.filter((a) => a.at >= downAt && a.at <= upAt);
  // The dispatcher logs a failed round once per doubling of their number, and how many there were when
  // rounds succeed again: without backing off it would be one per poll interval.
  const recovered = logLines(app.output().slice(outputBefore), 'dispatch rounds succeed again');
  const failedRounds = Math.max(0, ...recovered.map((event) => Number(event.failedRounds)));
  const givenBack = logLines(downOutput, 'failed before the provider request; giving the attempt back').length;
  // The stand-in stamps arrivals in epoch milliseconds too.
  const firstSendAfter = standIn.requests.find((r) => r.at >= upAt);
  const resumedAfterMs = firstSendAfter ? Math.round(firstSendAfter.at - upAt) : null;
  printFigures(`Drill 2: database down for ${DOWN_SECONDS} s (${INCIDENTS} incidents × ${RECIPIENTS} recipients, 2 per request)`, {
    'ingest requests sent': ingest.requests,
    '2xx': ingest.ok2xx,
    '503 answers': `${ingest.unavailable503} (${ingest.without503RetryAfter} without Retry-After)`,
    'other 5xx': ingest.other5xx,
    'no answer': ingest.noAnswer,
    'answers while down': formatOutcomes(count(answersWhileDown.map((a) => String(a.status)))),
    'incidents accepted (2xx)': tally.accepted.size,
    'incidents incomplete': incomplete.length,
    deliveries: `${delivery.deliveries} (${delivery.sent} sent, ${delivery.failed} failed, ${delivery.open} open)`,
    'emails accepted by stand-in': delivery.emailsAccepted,
    lost: `${lost.lost} (${lost.missingIncidents.length} incidents, ${lost.missingEmails.length} emails)`,
    duplicates: `${delivery.duplicatesByDelivery} by deliveryId, ${delivery.duplicatesByPair} by (recipient, incident)`,
    'dispatch rounds failed while down': `${failedRounds} (poll every ${POLL_MS} ms, backing off; ${givenBack} claims given back)`,
    'first provider request after restart': resumedAfterMs === null ? 'none' : `${resumedAfterMs} ms`,
    '/readyz while down': readyWhileDown,
    'held request': formatOutcomes(count(standIn.requests.filter((r) => r.idempotencyKey === heldKey).map((r) => r.outcome))),
    'provider requests': `${provider.providerRequests} (${formatOutcomes(provider.outcomes)})`,
    'max requests in any 1 s': `${provider.busiestSecond} (limit ${RATE})`,
    'wall time (s)': ((Date.now() - began) / 1000).toFixed(1),
  });

  // The outage was really met by ingest: senders were turned away while the server was down.
  expect(answersWhileDown.filter((a) => a.status === 503).length).toBeGreaterThan(0);
  expect(ingest.without503RetryAfter).toBe(0);
  expect(ingest.other5xx).toBe(0);
  expect(ingest.noAnswer).toBe(0);
  expect(ingest.other).toBe(0);
  expect(readyWhileDown).toBe(503);
  expect(incomplete).toEqual([]);
  // Waiting a poll interval between failed rounds, not spinning: at most about one round per interval.
  expect(failedRounds).toBeGreaterThan(0);
  expect(failedRounds).toBeLessThan((DOWN_SECONDS * 1000) / POLL_MS / 2);
  expect(resumedAfterMs).not.toBeNull();
  expect(standIn.requests.filter((r) => r.idempotencyKey === heldKey).map((r) => r.outcome)).toEqual(['accepted-hold', 'replayed']);
  expect(lost.missingIncidents).toEqual([]);
  expect(lost.missingEmails).toEqual([]);
  expect(delivery.duplicatesByDelivery).toBe(0);
  expect(delivery.duplicatesByPair).toBe(0);
  expect(delivery.strangers).toBe(0);
  expect(delivery.sentButNotAccepted).toBe(0);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  expect(rows).toHaveLength(expected);
  expect(provider.overLimit).toBe(0);
  expect(standIn.violations).toEqual([]);
});

// Stored incidents missing part of what one request brings: its alerts, its one event, a delivery per recipient.
async function incompleteIncidents(tenantId: string) {
  const incidents = await db().incident.findMany({
    where: { tenantId },
    select: { externalId: true, _count: { select: { alerts: true, events: true, deliveries: true } } },
  });
  return incidents.filter(({ _count: c }) => c.alerts !== ALERTS || c.events !== 1 || c.deliveries !== RECIPIENTS);
}

async function allDone(tenantId: string, expected: number): Promise<boolean> {
  const counts = await db().delivery.groupBy({ by: ['status'], where: { tenantId }, _count: true });
  const total = counts.reduce((sum, c) => sum + c._count, 0);
  return total >= expected && counts.every((c) => c.status === 'sent' || c.status === 'failed');
}

function count(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
