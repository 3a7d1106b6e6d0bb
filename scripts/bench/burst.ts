import { randomBytes, randomUUID } from 'node:crypto';
import { ensureBootstrapApiKey } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { parkOtherDeliveries } from '@/lib/notifications/testing/outbox-fixtures';
import { until } from '@/lib/notifications/testing/worker-process';
import { startWorker, stopWorker, type Worker, type WorkerSettings } from './delivery';

// Issue 12's figure: a burst of 1,000 updates (10 incidents × 100, each bringing a new alert) posted to the
// running web process for a rule with a 5-minute coalescing window and two recipients. Expected: one email
// per incident and recipient. The bench does not wait the 5 minutes: once the burst is in, it moves the
// windows' end to now (the only shortcut; the join decisions were all made by the real ingest), then a worker
// sends them through the stand-in and the emails the stand-in accepted for these recipients are counted.

export type BurstFigure = { updates: number; incidents: number; recipients: number; planned: number; joined: number; emails: number; expected: number };

const INCIDENTS = 10;
const UPDATES_PER_INCIDENT = 100;
const WINDOW_MINUTES = 5;

export async function measureBurst(settings: WorkerSettings & { port: number; onWorker: (w: Worker) => void }): Promise<BurstFigure> {
  const world = await createWorld();
  const tag = randomUUID().slice(0, 8);
  const recipients = [`burst-soc-${tag}@contoso.com`, `burst-lead-${tag}@contoso.com`];
  const rule = await addRule(world.ctx, { name: `Burst ${tag}`, recipients: recipients.map((email) => ({ email, language: 'en' as const })) });
  await db().notificationRule.update({ where: { id: rule.id }, data: { coalesceMinutes: WINDOW_MINUTES } });
  const apiKey = `burst-${randomBytes(16).toString('hex')}`;
  await ensureBootstrapApiKey(db(), world.tenant.id, apiKey);

  const post = async (body: unknown) => {
    const response = await fetch(`http://127.0.0.1:${settings.port}/api/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 202) throw new Error(`burst: POST /api/incidents answered ${response.status}: ${await response.text()}`);
  };
  // Each incident's updates in order, the incidents side by side.
  await Promise.all(
    Array.from({ length: INCIDENTS }, async (_, i) => {
      for (let k = 0; k < UPDATES_PER_INCIDENT; k++) await post(nativeIncident(`burst-${tag}-${i}`, [nativeAlert(`burst-${tag}-${i}-a${k}`)]));
    }),
  );
  const tenantId = world.tenant.id;
  const [planned, joined] = await Promise.all([
    db().delivery.count({ where: { tenantId, kind: 'incident' } }),
    db().delivery.count({ where: { tenantId, kind: 'incident', status: 'coalesced' } }),
  ]);

  // What earlier phases left queued is moved out of the way; this burst's windows end now.
  await parkOtherDeliveries();
  await db().delivery.updateMany({ where: { tenantId, status: 'queued' }, data: { nextAttemptAt: new Date() } });
  const worker = startWorker(settings);
  settings.onWorker(worker);
  try {
    const open = () => db().delivery.count({ where: { tenantId, status: { in: ['queued', 'sending'] } } });
    await until(async () => (await open()) === 0, 120_000, 'the burst’s emails');
  } finally {
    await stopWorker(worker);
  }
  const emails = settings.standIn.accepted.filter((email) => email.to.some((to) => recipients.includes(to))).length;
  return {
    updates: INCIDENTS * UPDATES_PER_INCIDENT,
    incidents: INCIDENTS,
    recipients: recipients.length,
    planned,
    joined,
    emails,
    expected: INCIDENTS * recipients.length,
  };
}
