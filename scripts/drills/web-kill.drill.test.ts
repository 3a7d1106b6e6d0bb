// Drill 1 of issue 10 §3: kill -9 of the web process, the one that takes incidents AND sends their emails, as
// `npm start` runs it (scripts/start.ts, production build, embedded PostgreSQL in its data folder, dispatcher in
// process). Twice, restarted each time on the same data folder and port (start.ts stops its PostgreSQL when the
// web process dies, and a new start.ts starts it again):
//   A. during a 1,000-email dispatch, at the worst moment: the provider has accepted a request whose answer the
//      process is still waiting for;
//   B. during concurrent ingest (and the dispatch it causes), while eight senders post incidents.
// (Not the whole process group with PostgreSQL: on this machine nothing reaps a killed postmaster, and PostgreSQL
// refuses to start on a data folder whose postmaster.pid names a process that still exists, even a zombie.)
// Passes when no incident that got a 2xx is lost, every (incident, recipient) email arrives, and the provider
// accepts no email twice (counted per delivery and per (incident, recipient)).
//
// Needs `npx next build`. The short variant is already the full size; larger runs:
//   DRILL_KILL_EMAILS         emails of phase A (default 1000; 10 recipients per incident)
//   DRILL_KILL_INCIDENTS      incidents posted in phase B (default 80)
//   DRILL_KILL_RATE           provider requests per second, stand-in limit and RESEND_RATE_LIMIT (default 20)
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findFreePort } from '@/lib/db/embedded';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { until, workerEnv } from '@/lib/notifications/testing/worker-process';
import { deliveriesOfTenant, deliveryFigures, formatOutcomes, lostFigures, printFigures, providerFigures } from './figures';
import { createIngestTally, ingestFigures, sendIncidents } from './sender';
import { seedDrillTenant } from './tenant';
import { assertBuilt, drillDataDir, killServer, startWebApp, stopWebApp, type WebApp } from './web-app';

const RECIPIENTS = 10;
const EMAILS = Number(process.env.DRILL_KILL_EMAILS || 1000);
const INCIDENTS_B = Number(process.env.DRILL_KILL_INCIDENTS || 80);
const RATE = Number(process.env.DRILL_KILL_RATE || 20);
const BATCH = 10;

let app: WebApp | undefined;
let standIn: ResendStandIn | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  if (app) await stopWebApp(app);
  await standIn?.close();
  if (process.env.DATABASE_URL) await db().$disconnect();
  for (const cleanup of cleanups) await cleanup();
});

it('kill -9 of the web process during dispatch and during ingest: nothing lost, nothing sent twice', async () => {
  assertBuilt();
  const began = Date.now();
  const data = await drillDataDir('web-kill');
  cleanups.push(data.remove);
  standIn = await startResendStandIn({ rateLimit: RATE });
  const port = await findFreePort();
  const env = {
    ...workerEnv('', standIn.url, {
      DATABASE_URL: undefined,
      RESEND_RATE_LIMIT: String(RATE),
      DELIVERY_BATCH_SIZE: String(BATCH),
      DISPATCHER_POLL_MS: '200',
      DELIVERY_BACKOFF_BASE_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '1000',
    }),
    AUTH_SECRET: randomBytes(32).toString('hex'),
    // The same port on every start, so the database keeps its URL across restarts.
    EMBEDDED_PG_PORT: String(await findFreePort()),
  };
  const start = async () => (app = await startWebApp(port, data.dir, env));
  await start();
  process.env.DATABASE_URL = app!.databaseUrl;
  const tenant = await seedDrillTenant(RECIPIENTS);
  const tally = createIngestTally();
  const send = (ids: string[], concurrency: number) =>
    sendIncidents(ids, { url: `http://127.0.0.1:${port}`, apiKey: tenant.apiKey, tally, concurrency });
  const prefix = randomUUID().slice(0, 8);
  const restarts: number[] = [];
  const restart = async () => {
    const t = Date.now();
    await start();
    restarts.push(Date.now() - t);
  };

  // A: the provider accepts the request that carries the 40 %-mark email and holds back its answer; the web
  // process dies waiting for it. Whoever sends next must repeat it under the same key, not send it afresh.
  const idsA = Array.from({ length: Math.ceil(EMAILS / RECIPIENTS) }, (_, i) => `${prefix}-a${i}`);
  let held = false;
  standIn.fallback = () => {
    if (held || standIn!.accepted.length < EMAILS * 0.4) return { kind: 'ok' };
    held = true;
    return { kind: 'hold' };
  };
  const sendingA = send(idsA, 4);
  await until(() => standIn!.requests.some((r) => r.outcome === 'accepted-hold'), 120_000, 'the held provider request');
  await killServer(app!);
  const heldKey = standIn.requests.find((r) => r.outcome === 'accepted-hold')!.idempotencyKey;
  standIn.fallback = () => ({ kind: 'ok' });
  await restart();
  await sendingA;
  await until(async () => await allDone(tenant.tenantId, idsA.length * RECIPIENTS), 120_000, 'phase A delivered');

  // B: eight senders post incidents; once a third of them got their 2xx, the web process is killed.
  const idsB = Array.from({ length: INCIDENTS_B }, (_, i) => `${prefix}-b${i}`);
  const sendingB = send(idsB, 8);
  const acceptedBefore = tally.accepted.size;
  await until(() => tally.accepted.size - acceptedBefore >= INCIDENTS_B / 3, 120_000, 'a third of phase B accepted');
  const inFlightAtKill = standIn.accepted.length;
  await killServer(app!);
  await restart();
  await sendingB;
  const expected = (idsA.length + idsB.length) * RECIPIENTS;
  await until(async () => await allDone(tenant.tenantId, expected), 120_000, 'every email delivered').catch(() => undefined);
  // A little longer, so that a late duplicate would still be counted.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const rows = await deliveriesOfTenant(tenant.tenantId);
  const delivery = deliveryFigures(standIn, rows);
  const provider = providerFigures(standIn, RATE);
  const ingest = ingestFigures(tally);
  const lost = lostFigures(tally.accepted, tenant.recipients, rows, delivery.acceptedPairs);
  printFigures(`Drill 1: kill -9 of the web process (${EMAILS} emails, then ${INCIDENTS_B} incidents × ${RECIPIENTS} recipients)`, {
    'ingest requests sent': ingest.requests,
    '2xx': ingest.ok2xx,
    '503 answers': ingest.unavailable503,
    'other 5xx': ingest.other5xx,
    'no answer (killed)': ingest.noAnswer,
    'incidents accepted (2xx)': tally.accepted.size,
    deliveries: `${delivery.deliveries} (${delivery.sent} sent, ${delivery.failed} failed, ${delivery.open} open)`,
    'emails accepted by stand-in': delivery.emailsAccepted,
    lost: `${lost.lost} (${lost.missingIncidents.length} incidents, ${lost.missingEmails.length} emails)`,
    duplicates: `${delivery.duplicatesByDelivery} by deliveryId, ${delivery.duplicatesByPair} by (recipient, incident)`,
    'held request repeated': formatOutcomes(new Map(standIn.requests.filter((r) => r.idempotencyKey === heldKey).map((r) => [r.outcome, 1]))),
    'emails accepted before kill B': inFlightAtKill,
    'provider requests': `${provider.providerRequests} (${formatOutcomes(provider.outcomes)})`,
    'max requests in any 1 s': `${provider.busiestSecond} (limit ${RATE})`,
    'restart to ready (ms)': restarts.join(', '),
    'wall time (s)': ((Date.now() - began) / 1000).toFixed(1),
  });

  expect(lost.missingIncidents).toEqual([]);
  expect(lost.missingEmails).toEqual([]);
  expect(delivery.duplicatesByDelivery).toBe(0);
  expect(delivery.duplicatesByPair).toBe(0);
  expect(delivery.strangers).toBe(0);
  expect(delivery.sentButNotAccepted).toBe(0);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  expect(rows).toHaveLength(expected);
  // The interrupted request went out again under its key and was answered from the provider's idempotency cache.
  expect(standIn.requests.filter((r) => r.idempotencyKey === heldKey).map((r) => r.outcome)).toEqual(['accepted-hold', 'replayed']);
  expect(ingest.other5xx).toBe(0);
  expect(ingest.other).toBe(0);
  expect(provider.overLimit).toBe(0);
  expect(standIn.violations).toEqual([]);
});

async function allDone(tenantId: string, expected: number): Promise<boolean> {
  const counts = await db().delivery.groupBy({ by: ['status'], where: { tenantId }, _count: true });
  const total = counts.reduce((sum, c) => sum + c._count, 0);
  return total >= expected && counts.every((c) => c.status === 'sent' || c.status === 'failed');
}
