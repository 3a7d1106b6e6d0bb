import { db } from '@/lib/db/client';
import { queueDeliveries, recipients, seedIncident } from '@/lib/notifications/testing/outbox-fixtures';
import type { ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { spawnWorker, until, workerEnv } from '@/lib/notifications/testing/worker-process';
import { incidentBodies } from './incidents';
import { quantile } from './matching';

// Figures 2 and 4, both with the dispatcher as its own `npm run worker` (production settings but the rate).

export type WorkerSettings = { databaseUrl: string; standIn: ResendStandIn; rate: number };

export function startWorker({ databaseUrl, standIn, rate }: WorkerSettings) {
  // workerEnv's short test timings are unset (undefined leaves a variable out), so the worker runs on its defaults.
  const env = workerEnv(databaseUrl, standIn.url, {
    NODE_ENV: 'production',
    // Info, for the 'dispatcher started' line the latency phase waits for.
    LOG_LEVEL: 'info',
    RESEND_RATE_LIMIT: String(rate),
    DISPATCHER_POLL_MS: undefined,
    DELIVERY_BATCH_SIZE: undefined,
    DELIVERY_REQUEST_TIMEOUT_MS: undefined,
    DELIVERY_LEASE_MS: undefined,
    DELIVERY_BACKOFF_BASE_MS: undefined,
    DELIVERY_BACKOFF_MAX_MS: undefined,
  });
  return spawnWorker(env);
}

export type Worker = ReturnType<typeof startWorker>;

export async function stopWorker(worker: Worker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const late = setTimeout(() => worker.child.kill('SIGKILL'), 12_000);
  await worker.exited;
  clearTimeout(late);
}

export type LatencyFigure = { p50: number; p99: number; incidents: number; emails: number; missing: number };

// Figure 4: one incident every 500 ms for `seconds`; for each email, from the start of its POST to the moment
// the stand-in accepts it.
export async function measureLatency(
  settings: WorkerSettings & { port: number; apiKey: string; alerts: number; seconds: number; onWorker: (w: Worker) => void },
): Promise<LatencyFigure> {
  const acceptedAt = new Map<string, number>();
  settings.standIn.fallback = (_path, emails) => {
    const now = performance.now();
    for (const email of emails) {
      const id = email.tags?.find((tag) => tag.name === 'delivery_id')?.value;
      if (id && !acceptedAt.has(id)) acceptedAt.set(id, now);
    }
    return { kind: 'ok' };
  };
  const worker = startWorker(settings);
  settings.onWorker(worker);
  try {
    // The clock starts with a dispatcher ready to send, not with one still loading.
    await until(() => worker.output().includes('dispatcher started'), 60_000, 'the worker to start');
    const bodies = incidentBodies(settings.alerts);
    // Two incidents first, not counted, as the load phases warm up: the first ingest of a process loads the
    // tenant's rules, and the first email of the worker compiles its templates.
    const post = (body: string) =>
      fetch(`http://127.0.0.1:${settings.port}/api/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${settings.apiKey}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    const warmUp = [bodies.next(), bodies.next()];
    for (const { body } of warmUp) await post(body);
    const warmDeliveries = () => db().delivery.findMany({ where: { incident: { externalId: { in: warmUp.map((w) => w.id) } } }, select: { id: true } });
    await until(async () => (await warmDeliveries()).every((d) => acceptedAt.has(d.id)), 30_000, 'the warm-up emails');
    const postedAt = new Map<string, number>();
    const count = Math.max(1, Math.round(settings.seconds * 2));
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = started + i * 500 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { id, body } = bodies.next();
      postedAt.set(id, performance.now());
      const response = await post(body);
      if (response.status !== 202) throw new Error(`latency phase: POST /api/incidents answered ${response.status}: ${await response.text()}`);
    }
    const deliveries = () =>
      db().delivery.findMany({ where: { incident: { externalId: { in: [...postedAt.keys()] } } }, select: { id: true, incident: { select: { externalId: true } } } });
    await until(async () => (await deliveries()).every((d) => acceptedAt.has(d.id)), 30_000, 'the latency phase’s emails').catch(() => undefined);
    const rows = await deliveries();
    const latencies = rows.flatMap((d) => {
      const accepted = acceptedAt.get(d.id);
      const posted = d.incident ? postedAt.get(d.incident.externalId) : undefined;
      return accepted !== undefined && posted !== undefined ? [accepted - posted] : [];
    });
    return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), incidents: count, emails: latencies.length, missing: rows.length - latencies.length };
  } finally {
    settings.standIn.fallback = () => ({ kind: 'ok' });
    await stopWorker(worker);
  }
}

// Tops the queue up to `target` deliveries after what the ingest run left queued, with the outbox fixtures'
// rows shaped like the ingest run's: `perEvent` recipients per incident event (one render per email, as there).
export async function fillBacklog(tenantId: string, target: number, perEvent: number): Promise<{ fromIngest: number; total: number }> {
  const fromIngest = await db().delivery.count({ where: { status: 'queued' } });
  const step = Math.max(1, perEvent);
  for (let queued = fromIngest; queued < target; queued += step) {
    await queueDeliveries(tenantId, await seedIncident(tenantId), recipients(Math.min(step, target - queued), 'backlog'));
  }
  return { fromIngest, total: await db().delivery.count({ where: { status: 'queued' } }) };
}

export type DeliveryFigure = { emailsPerSecond: number; requests: number; rateLimited: number; duplicates: number; ranDry: boolean; seconds: number };

// Figure 2: the worker against the backlog; the window opens with the first provider request.
export async function measureDelivery(settings: WorkerSettings & { seconds: number; onWorker: (w: Worker) => void }): Promise<DeliveryFigure> {
  const { standIn } = settings;
  const before = standIn.requests.length;
  const worker = startWorker(settings);
  settings.onWorker(worker);
  try {
    await until(() => standIn.requests.length > before, 60_000, 'the worker’s first provider request');
    const opened = standIn.requests[before]!.at;
    const closes = opened + settings.seconds * 1000;
    await until(() => performance.timeOrigin + performance.now() >= closes, settings.seconds * 1000 + 5_000, 'the end of the delivery window');
    const inWindow = standIn.requests.slice(before).filter((r) => r.at >= opened && r.at < closes);
    const emails = inWindow.filter((r) => r.outcome.startsWith('accepted')).reduce((sum, r) => sum + r.emailCount, 0);
    const counts = new Map<string, number>();
    // Over the whole run: a delivery is never legitimately accepted twice.
    for (const email of standIn.accepted) if (email.deliveryId) counts.set(email.deliveryId, (counts.get(email.deliveryId) ?? 0) + 1);
    return {
      emailsPerSecond: emails / settings.seconds,
      requests: inWindow.length,
      rateLimited: inWindow.filter((r) => r.outcome.startsWith('429')).length,
      duplicates: [...counts.values()].filter((n) => n > 1).length,
      ranDry: (await db().delivery.count({ where: { status: 'queued' } })) === 0,
      seconds: settings.seconds,
    };
  } finally {
    await stopWorker(worker);
  }
}
