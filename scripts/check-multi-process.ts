// `npm run check:multi-process`: the product as it scales past one machine, against the PostgreSQL server in
// DATABASE_URL (CI: Debian's). Two web processes (`scripts/start.ts`, production build, each also dispatching) and
// one `npm run worker` share the database; incidents are posted alternately to both web processes; a Resend
// stand-in on loopback receives the emails. Every (incident, recipient) email must arrive exactly once.
// Prints its figures; exits non-zero on any loss, duplicate, non-202 answer or time-out. Needs `npm run build`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureBootstrapApiKey } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import { applyMigrations } from '@/lib/db/migrate';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { startResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { spawnWorker, until, workerEnv } from '@/lib/notifications/testing/worker-process';

const INCIDENTS = Number(process.env.CHECK_INCIDENTS || 120);
const RECIPIENTS = 3;
const WEB_PORTS = [Number(process.env.CHECK_PORT || 3610), Number(process.env.CHECK_PORT || 3610) + 1];
const DEADLINE_MS = 180_000;
const root = path.resolve(import.meta.dirname, '..');

const children: ChildProcess[] = [];
// Each child leads a process group of its own (scripts/start.ts runs `next start` as a child), so the whole group goes.
const stopAll = () =>
  children.forEach((child) => {
    if (child.exitCode !== null || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  });
process.on('exit', stopAll);

function spawnWeb(port: number, dataDir: string, env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir, HOSTNAME_BIND: '127.0.0.1', LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  children.push(child);
  return child;
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('check:multi-process needs DATABASE_URL: the PostgreSQL server all processes share');
  await applyMigrations(databaseUrl);

  const world = await createWorld();
  const recipients = Array.from({ length: RECIPIENTS }, (_, i) => ({ email: `soc-${i}-${randomUUID().slice(0, 6)}@contoso.com`, language: 'en' as const }));
  await addRule(world.ctx, { name: 'Everyone, every alert', recipients });
  const apiKey = `check-${randomBytes(16).toString('hex')}`;
  await ensureBootstrapApiKey(db(), world.tenant.id, apiKey);

  const standIn = await startResendStandIn();
  const env = {
    ...workerEnv(databaseUrl, standIn.url, { DELIVERY_BATCH_SIZE: '20', RESEND_RATE_LIMIT: '50' }),
    AUTH_SECRET: randomBytes(32).toString('hex'),
  };
  const dataDirs = await Promise.all(WEB_PORTS.map(() => mkdtemp(path.join(os.tmpdir(), 'check-web-'))));
  try {
    WEB_PORTS.forEach((port, i) => spawnWeb(port, dataDirs[i], env));
    const worker = spawnWorker(env);
    children.push(worker.child);
    await until(async () => (await Promise.all(WEB_PORTS.map(ready))).every(Boolean), 60_000, 'both web processes ready');

    const started = Date.now();
    const prefix = randomUUID().slice(0, 8);
    const statuses = new Map<number, number>();
    // Four requests in flight at a time, alternating between the two processes.
    const ids = Array.from({ length: INCIDENTS }, (_, i) => `${prefix}-${i}`);
    for (let i = 0; i < ids.length; i += 4) {
      await Promise.all(
        ids.slice(i, i + 4).map(async (id, j) => {
          const port = WEB_PORTS[(i + j) % WEB_PORTS.length];
          const response = await fetch(`http://127.0.0.1:${port}/api/incidents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ incidents: [nativeIncident(id, [nativeAlert(`${id}-a`)])] }),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }),
      );
    }
    const expected = INCIDENTS * RECIPIENTS;
    await until(() => standIn.accepted.length >= expected, DEADLINE_MS, `${expected} emails`).catch(() => undefined);
    // A little longer, so a late duplicate would still be counted.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const seconds = (Date.now() - started) / 1000;

    const deliveries = await db().delivery.findMany({
      where: { tenantId: world.tenant.id },
      select: { id: true, recipientEmail: true, status: true, incident: { select: { externalId: true } } },
    });
    const byDelivery = new Map<string, number>();
    for (const email of standIn.accepted) if (email.deliveryId) byDelivery.set(email.deliveryId, (byDelivery.get(email.deliveryId) ?? 0) + 1);
    const pairs = new Set(deliveries.map((d) => `${d.incident?.externalId}|${d.recipientEmail}`));
    const duplicates = [...byDelivery.values()].filter((count) => count > 1).length;
    const lost = deliveries.filter((d) => !byDelivery.has(d.id)).length + (expected - pairs.size);
    const strangers = standIn.accepted.filter((email) => !email.deliveryId || !deliveries.some((d) => d.id === email.deliveryId)).length;
    const not202 = [...statuses].filter(([status]) => status !== 202).reduce((sum, [, count]) => sum + count, 0);

    console.log(
      [
        `multi-process check: 2 web processes + 1 worker on ${new URL(databaseUrl).host}`,
        `  incidents posted:   ${INCIDENTS} (answers ${[...statuses].map(([s, c]) => `${c}x${s}`).join(', ')})`,
        `  emails expected:    ${expected}; deliveries recorded: ${deliveries.length} (${pairs.size} distinct incident/recipient pairs)`,
        `  emails accepted:    ${standIn.accepted.length} in ${standIn.requests.length} provider requests, ${seconds.toFixed(1)} s`,
        `  lost: ${lost}   duplicates: ${duplicates}   unknown emails: ${strangers}   non-202: ${not202}   schema violations: ${standIn.violations.length}`,
      ].join('\n'),
    );
    const ok = lost === 0 && duplicates === 0 && strangers === 0 && not202 === 0 && standIn.violations.length === 0 && deliveries.length === expected;
    console.log(ok ? 'multi-process check: passed' : 'multi-process check: FAILED');
    return ok ? 0 : 1;
  } finally {
    stopAll();
    await standIn.close();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await db().$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
