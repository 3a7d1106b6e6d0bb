import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createApiKey } from '@/lib/data/api-keys';
import { handleIncidentsPost } from '@/lib/incidents/http/handle-post';
import { INGEST_CAPS, MAX_REPORTED_INVALID_FIELDS } from '@/lib/incidents/limits';
import { addRule, createWorld } from '@/lib/incidents/fixtures/world';
import { hostileCase, renderCase, type HostileCase } from '@/lib/incidents/http/testing/hostile-bodies';
import type { Expected, RenderedCase } from '@/lib/incidents/http/testing/expected';

// The hostile-input drill of POST /api/incidents: generated bodies (mutations of Microsoft's samples and of native
// payloads, wrong types, nesting 500,000 deep, strings up to and past the body cap, bytes that are not UTF-8,
// duplicate and prototype keys, every item cap at and one over) through the real handler and the real database.
// For every body: never a 5xx; an answer of at most MAX_ANSWER_BYTES; a rejection that names each invalid
// field; 202 only for a body the drill's own description of the formats calls valid; nothing stored, or
// rewritten, by a rejected body.
//
// INGEST_FUZZ_RUNS: how many bodies (default 2,000, what the test suite runs; 10,000 for the full drill).
// INGEST_FUZZ_SEED: the fast-check seed (default fixed, printed with the figures, so a failure reproduces).

const RUNS = Number(process.env.INGEST_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.INGEST_FUZZ_SEED ?? 20261124);

// The largest answer the route can give is bounded by construction, not by the body: a 202 lists at most
// incidentsPerRequest (50) incidents, each a uuid and an id of at most 256 UTF-16 units (≤ 6 bytes each once
// escaped: ~82 KB); a 422 at most MAX_REPORTED_INVALID_FIELDS (100) fields, each a path of schema names, indexes
// and at most one sender key (cut to 64 units) and a message of at most ~300 bytes (~76 KB). 128 KiB holds
// both, and is an eighth of the 1 MiB a body may be: an answer that echoed the body would be caught.
const MAX_ANSWER_BYTES = 128 * 1024;

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
let key: string;

beforeAll(async () => {
  world = await createWorld();
  // A rule for every severity: accepted incidents plan deliveries, which must be accounted for too.
  await addRule(world.ctx);
  key = (await createApiKey(world.ctx, 'Hostile bodies drill')).key;
});

// What a request wrote. PostgreSQL assigns a transaction id only to a transaction that writes, so while the
// next id to assign stays the same, nothing was written anywhere; when it moved, every row of the tenant that
// the request inserted or updated carries a transaction id (xmin) at or after it. (Ingest deletes nothing.)
async function nextTransactionId(): Promise<bigint> {
  const [row] = await db().$queryRaw<{ xid: string }[]>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`;
  return BigInt(row.xid);
}

const TABLES = ['Incident', 'Alert', 'IncidentEvent', 'Delivery', 'DeviceGroup', 'AuditEntry'];

// Rows of the tenant written since `xid`, per table (a fresh test database: xids are still in epoch 0).
async function rowsWrittenSince(xid: bigint): Promise<Record<string, number>> {
  const select = TABLES.map(
    (table) => `(SELECT count(*)::int FROM "${table}" WHERE "tenantId" = $1::uuid AND xmin::text::bigint >= $2) AS "${table}"`,
  ).join(', ');
  const [row] = await db().$queryRawUnsafe<Record<string, number>[]>(`SELECT ${select}`, world.tenant.id, Number(xid));
  return Object.fromEntries(Object.entries(row).filter(([, rows]) => rows > 0));
}

// Events and deliveries of the tenant (few: at most one or two per accepted body), to hold an accepted body's
// answer to account for what it created.
async function queued(): Promise<{ events: number; deliveries: number }> {
  const [row] = await db().$queryRaw<{ events: number; deliveries: number }[]>`
    SELECT (SELECT count(*)::int FROM "IncidentEvent" WHERE "tenantId" = ${world.tenant.id}::uuid) AS events,
           (SELECT count(*)::int FROM "Delivery" WHERE "tenantId" = ${world.tenant.id}::uuid) AS deliveries`;
  return row;
}

const figures = {
  requests: 0,
  accepted: 0,
  rejected: {} as Record<number, number>,
  serverErrors: 0,
  maxAnswerBytes: 0,
  maxAnswerOf: '',
  storedFromRejected: 0,
  rejectedThatWrote: 0,
  families: {} as Record<string, number>,
  // Where the time goes: answering, per kind of body; rendering bodies and checking the database.
  millis: {} as Record<string, number>,
  checkMillis: 0,
};

async function post(rendered: RenderedCase): Promise<{ status: number; text: string; contentType: string }> {
  const request = new Request('http://localhost/api/incidents', {
    method: 'POST',
    body: rendered.bytes as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': rendered.contentType, authorization: `Bearer ${key}` },
  });
  const response = await handleIncidentsPost(request, { client: db });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
}

const within = (path: string, under: readonly string[]) => under.some((u) => u === '' || path === u || path.startsWith(`${u}.`));
// The only fields that may be the whole body: a body that is no object, or no format at all.
const WHOLE_BODY = /^(expected a JSON object|matches no accepted format)/;

function checkAnswer(expected: Expected, status: number, body: Record<string, unknown>): void {
  if (status !== 202) {
    expect(body.error, 'a rejection says what it is').toEqual(expect.any(String));
    expect(String(body.message).length, 'a rejection says why').toBeGreaterThan(0);
  }
  const statuses = expected.status === 'either' ? [202, 422] : [expected.status];
  expect(statuses, `answered ${status}: ${JSON.stringify(body).slice(0, 600)}`).toContain(status);

  if (status === 422) {
    const fields = body.invalidFields as { path: unknown; message: unknown }[];
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.length).toBeLessThanOrEqual(MAX_REPORTED_INVALID_FIELDS);
    expect(body.moreInvalidFields).toEqual(expect.any(Number));
    for (const field of fields) {
      expect(field.path).toEqual(expect.any(String));
      expect(String(field.message).length, 'each invalid field says what was expected').toBeGreaterThan(0);
      if (field.path === '') expect(String(field.message), 'only a whole-body error names no field').toMatch(WHOLE_BODY);
      if ('under' in expected) expect(within(String(field.path), expected.under), `${field.path} is not among ${expected.under}`).toBe(true);
    }
  }
  if (status === 413) {
    if (expected.status === 413 && expected.cap) {
      expect(body).toMatchObject({ error: 'tooManyItems', cap: expected.cap, limit: INGEST_CAPS[expected.cap], path: expect.any(String) });
      expect(String(body.message)).toContain(expected.cap);
    } else {
      expect(body).toMatchObject({ error: 'payloadTooLarge' });
    }
  }
  if (status === 400) expect(body.error).toBe('invalidJson');
  if (status === 202) {
    const incidents = body.incidents as unknown[];
    expect(body.incidentsAccepted).toBe(incidents.length);
    for (const incident of incidents) expect(incident).toMatchObject({ externalId: expect.any(String), id: expect.any(String) });
  }
}

let serial = 0;

let last: { xid: bigint; queued: { events: number; deliveries: number } } | undefined;

async function drill(hostile: HostileCase): Promise<void> {
  serial += 1;
  const started = performance.now();
  const rendered = renderCase(hostile, { tag: `fz${SEED.toString(36)}n${serial}`, serial });
  const xid = await nextTransactionId();
  // Counted again only when something wrote since they were last counted.
  if (last?.xid !== xid) last = { xid, queued: await queued() };
  const posted = performance.now();
  const { status, text, contentType } = await post(rendered);
  const answered = performance.now();
  const xidAfter = await nextTransactionId();
  const wrote = xidAfter !== xid;
  const written = wrote && status !== 202 ? await rowsWrittenSince(xid) : {};
  const before = last.queued;
  const after = wrote && status === 202 ? await queued() : before;
  if (after !== before) last = { xid: xidAfter, queued: after };
  figures.checkMillis += performance.now() - answered + (posted - started);
  figures.millis[rendered.label] = (figures.millis[rendered.label] ?? 0) + (answered - posted);

  const answerBytes = Buffer.byteLength(text);
  figures.requests += 1;
  figures.families[rendered.label] = (figures.families[rendered.label] ?? 0) + 1;
  if (status === 202) figures.accepted += 1;
  else figures.rejected[status] = (figures.rejected[status] ?? 0) + 1;
  if (status >= 500) figures.serverErrors += 1;
  if (answerBytes > figures.maxAnswerBytes) Object.assign(figures, { maxAnswerBytes: answerBytes, maxAnswerOf: `${rendered.label} (${status})` });
  const storedRows = Object.values(written).reduce((sum, rows) => sum + rows, 0);
  figures.storedFromRejected += storedRows;
  if (storedRows > 0) figures.rejectedThatWrote += 1;

  expect(status, `${rendered.label} answered ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(answerBytes, `${rendered.label}: the answer is bounded`).toBeLessThanOrEqual(MAX_ANSWER_BYTES);
  expect(contentType).toMatch(/^application\/json/);
  let body: Record<string, unknown>;
  expect(() => (body = JSON.parse(text)), 'every answer is JSON').not.toThrow();
  checkAnswer(rendered.expected, status, body!);

  if (status === 202) {
    // What the accepted body created is what its answer says it created.
    expect(after.events - before.events, 'events created').toBe(body!.eventsCreated);
    expect(after.deliveries - before.deliveries, 'deliveries queued').toBe(body!.deliveriesQueued);
  } else {
    expect(written, `a rejected body (${status}) wrote rows`).toEqual({});
  }
  // Prototype keys in a body are data, never a change to every object of the process.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('POST /api/incidents against hostile bodies', () => {
  afterAll(() => {
    const slowest = Object.entries(figures.millis).sort(([, a], [, b]) => b - a).slice(0, 6).map(([label, ms]) => `${label}=${Math.round(ms)}`).join(' ');
    const families = Object.entries(figures.families).sort(([a], [b]) => a.localeCompare(b)).map(([label, n]) => `${label}=${n}`).join(' ');
    console.log(
      [
        `hostile-bodies drill: seed ${SEED} (INGEST_FUZZ_SEED), ${RUNS} runs asked (INGEST_FUZZ_RUNS)`,
        `  requests ${figures.requests} (shrinking included), accepted ${figures.accepted}, rejected by status ${JSON.stringify(figures.rejected)}`,
        `  5xx ${figures.serverErrors}, max answer ${figures.maxAnswerBytes} bytes (${figures.maxAnswerOf}; bound ${MAX_ANSWER_BYTES})`,
        `  rows stored by rejected bodies ${figures.storedFromRejected} (rejected bodies that wrote: ${figures.rejectedThatWrote})`,
        `  bodies by kind: ${families}`,
        `  slowest kinds (ms answering, in all): ${slowest}; rendering and checks ${Math.round(figures.checkMillis)} ms`,
      ].join('\n'),
    );
  });

  it(`answers ${RUNS} generated bodies without a 5xx, naming every invalid field, storing nothing from a rejected one`, async () => {
    await fc.assert(fc.asyncProperty(hostileCase, drill), { numRuns: RUNS, seed: SEED });
  }, RUNS * 200 + 120_000);
});
