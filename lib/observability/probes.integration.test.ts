import { createServer, type Server, type Socket } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/db/client';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { reportDispatcherState } from '@/lib/observability/dispatcher-state';
import { DATABASE_TIMEOUT_MS } from '@/lib/observability/readiness';
import { captureOutput, loggedEvents } from '@/lib/security/testing/log-capture';

// GET /healthz and GET /readyz as a probe calls them, against the test run's real PostgreSQL, and against a
// database that refuses connections or never answers.

const swap = vi.hoisted(() => ({ client: null as unknown }));
vi.mock('@/lib/db/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/db/client')>();
  return { ...original, db: () => (swap.client as Db | null) ?? original.db() };
});

const { db } = await import('@/lib/db/client');
const healthz = await import('@/app/healthz/route');
const readyz = await import('@/app/readyz/route');

const clientAt = (port: number) =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString: `postgresql://app:app@127.0.0.1:${port}/app` }) });

// A port nothing listens on: bound, then closed.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let output: ReturnType<typeof captureOutput>;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => output.restore());
afterEach(async () => {
  await (swap.client as Db | null)?.$disconnect().catch(() => undefined);
  swap.client = null;
  reportDispatcherState({ status: 'off', reason: 'test' });
  output.clear();
});

const readiness = async () => {
  const response = await readyz.GET();
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
};

describe('GET /healthz', () => {
  it('answers 200 ok even when the database is unreachable, naming nothing', async () => {
    swap.client = clientAt(await closedPort());
    const response = healthz.GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /readyz', () => {
  it('answers 200 with the database reachable and every migration applied', async () => {
    reportDispatcherState({ status: 'running', lastRoundAt: new Date(), lastRoundFailed: false });
    expect(await readiness()).toEqual({
      status: 200,
      cache: 'no-store',
      body: { status: 'ok', checks: { database: 'ok', migrations: 'ok', dispatcher: 'running' } },
    });
  });

  it('answers 503 when the database refuses connections, and says why in the log only', async () => {
    const port = await closedPort();
    swap.client = clientAt(port);
    const answer = await readiness();
    expect(answer).toMatchObject({ status: 503, body: { status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown' } } });
    expect(JSON.stringify(answer.body)).not.toContain(String(port));
    expect(loggedEvents(output.text())).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'not ready' }));
  });

  it('answers 503 within its timeout when the database accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      swap.client = clientAt((silent.address() as { port: number }).port);
      const started = Date.now();
      expect(await readiness()).toMatchObject({ status: 503, body: { checks: { database: 'unreachable' } } });
      expect(Date.now() - started).toBeLessThan(DATABASE_TIMEOUT_MS + 1_000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('with the history of the latest migration altered, then restored', () => {
    const latest = async () =>
      (await db().$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`)[0].migration_name;
    const alter = async (change: (name: string) => Promise<unknown>, restore: (name: string) => Promise<unknown>) => {
      const name = await latest();
      await change(name);
      try {
        return await readiness();
      } finally {
        await restore(name);
      }
    };

    it('answers 503 when a migration of this build is not in the database', async () => {
      const answer = await alter(
        (name) => db().$executeRaw`UPDATE _prisma_migrations SET migration_name = ${`${name}-hidden`} WHERE migration_name = ${name}`,
        (name) => db().$executeRaw`UPDATE _prisma_migrations SET migration_name = ${name} WHERE migration_name = ${`${name}-hidden`}`,
      );
      expect(answer).toMatchObject({ status: 503, body: { checks: { database: 'ok', migrations: 'pending' } } });
      expect((await readiness()).status).toBe(200);
    });

    it('answers 503 when a migration started but did not finish', async () => {
      const finished = new Map<string, Date>();
      const answer = await alter(
        async (name) => {
          const [row] = await db().$queryRaw<{ finished_at: Date }[]>`SELECT finished_at FROM _prisma_migrations WHERE migration_name = ${name}`;
          finished.set(name, row.finished_at);
          await db().$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ${name}`;
        },
        (name) => db().$executeRaw`UPDATE _prisma_migrations SET finished_at = ${finished.get(name)} WHERE migration_name = ${name}`,
      );
      expect(answer).toMatchObject({ status: 503, body: { checks: { migrations: 'pending' } } });
      expect((await readiness()).status).toBe(200);
    });
  });

  it.each([
    [{ status: 'off', reason: 'DISPATCHER=off' } as const, 200, 'off'],
    [{ status: 'running', lastRoundAt: new Date(), lastRoundFailed: true } as const, 200, 'failing'],
    [{ status: 'stopping' } as const, 503, 'stopping'],
    [{ status: 'stopped' } as const, 503, 'stopped'],
  ])('dispatcher %o: answers %i, reporting %s and no reason text', async (state, status, shown) => {
    reportDispatcherState(state);
    const answer = await readiness();
    expect(answer).toMatchObject({ status, body: { checks: { dispatcher: shown } } });
    expect(JSON.stringify(answer.body)).not.toContain('DISPATCHER=off');
  });
});
