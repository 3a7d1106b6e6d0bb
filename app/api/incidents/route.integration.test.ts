import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PrismaPg } from '@prisma/adapter-pg';
import { db, type Db } from '@/lib/db/client';
import { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { createApiKey, revokeApiKey } from '@/lib/data/api-keys';
import { handleIncidentsPost } from '@/lib/incidents/http/handle-post';
import { failingRawStatement } from '@/lib/test/failing-client';
import { sampleText } from '@/lib/incidents/fixtures/samples';
import { addRule, createWorld } from '@/lib/incidents/fixtures/world';
import { POST } from '@/app/api/incidents/route';
import { GET as getOpenApi } from '@/app/api/incidents/openapi.json/route';
import { appMetrics } from '@/lib/observability/metrics';
import { dispatcherState, reportDispatcherState } from '@/lib/observability/dispatcher-state';

// The route as a sender meets it: real requests against the real database, asserting on what is stored.

const URL_ = 'http://localhost/api/incidents';
const SAMPLE = 'microsoft-graph/v1.0_list-incidents_expand-alerts.json';

type World = Awaited<ReturnType<typeof createWorld>>;
let own: World;
let other: World;
let key: string;

beforeAll(async () => {
  own = await createWorld();
  other = await createWorld();
  await addRule(own.ctx);
  await addRule(other.ctx, { recipients: [{ email: 'other@fabrikam.com', language: 'en' }] });
  key = (await createApiKey(own.ctx, 'Graph connector')).key;
});

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(URL_, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit);
}
const bearer = (value = key) => ({ authorization: `Bearer ${value}` });
const incidentsNamed = (externalId: string) => db().incident.count({ where: { externalId } });

describe('POST /api/incidents', () => {
  it('refuses, with 403 and before storing anything, a key that was not given incidents:write', async () => {
    const rulesOnly = (await createApiKey(own.ctx, 'Rules as code', ['rules:read', 'rules:write'])).key;
    const text = sampleText(SAMPLE).replaceAll('"29"', '"scope-29"');
    const response = await POST(post(text, bearer(rulesOnly)));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficientScope', requiredScope: 'incidents:write' });
    expect(await incidentsNamed('scope-29')).toBe(0);
  });

  it('gives keys made without scopes (and keys made before scopes existed) incidents:write only', async () => {
    const made = await createApiKey(own.ctx, 'Default scopes');
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.scopes).toEqual(['incidents:write']);
  });

  it('accepts a published Graph payload into the key’s tenant, whatever tenant the payload names', async () => {
    // The payload claims to come from the other tenant's Microsoft tenant: it still lands in ours.
    const text = sampleText(SAMPLE).replaceAll('cfcdbe43-297b-4c6b-ac7e-8d7f6befb514', other.tenant.microsoftTenantId!);
    const response = await POST(post(text, bearer()));
    expect(response.status).toBe(202);
    const incident = await db().incident.findUniqueOrThrow({ where: { tenantId_externalId: { tenantId: own.tenant.id, externalId: '29' } } });
    expect(await response.json()).toEqual({
      incidentsAccepted: 1,
      eventsCreated: 1,
      deliveriesQueued: 1,
      incidents: [{ externalId: '29', id: incident.id, event: 'created' }],
    });
    expect(incident).toMatchObject({ tenantId: own.tenant.id, sourceTenantId: other.tenant.microsoftTenantId });
    expect(await db().delivery.count({ where: { tenantId: other.tenant.id } })).toBe(0);
    expect(await db().delivery.count({ where: { tenantId: own.tenant.id, incidentId: incident.id } })).toBe(1);

    // The same version again, with the key in x-api-key this time: accepted, nothing new.
    const again = await POST(post(text, { 'x-api-key': key }));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0, incidents: [{ event: null }] });
  });

  it('answers 401 alike for a missing, malformed, unknown or revoked key, before looking at the body', async () => {
    const revoked = await createApiKey(own.ctx, 'Old connector');
    await revokeApiKey(own.ctx, revoked.id);
    const body = JSON.stringify({ externalId: 'never-1', displayName: 'x', severity: 'high' });
    const answers = [];
    const attempts: Record<string, string>[] = [{}, { authorization: `Basic ${key}` }, bearer('imk_unknown'), bearer(revoked.key), { 'x-api-key': revoked.key }];
    for (const headers of attempts) {
      const response = await POST(post(body, headers));
      answers.push({ status: response.status, auth: response.headers.get('www-authenticate'), body: await response.json() });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 401, auth: 'Bearer', body: { error: 'unauthorized' } });
    // Unparseable and oversized bodies get the same answer without a key: nothing is read first.
    expect((await POST(post('{not json', bearer('imk_unknown')))).status).toBe(401);
    expect((await POST(post('{}', { ...bearer('imk_unknown'), 'content-length': String(5 * 1024 * 1024) }))).status).toBe(401);
    expect(await incidentsNamed('never-1')).toBe(0);
  });

  it('refuses non-JSON (415), oversized (413) and unparseable (400) bodies, storing nothing', async () => {
    const valid = JSON.stringify({ externalId: 'refused-1', displayName: 'x', severity: 'high', alerts: [] });
    expect((await POST(post(valid, { ...bearer(), 'content-type': 'text/plain' }))).status).toBe(415);
    expect((await POST(new Request(URL_, { method: 'POST', body: valid, headers: bearer() }))).status).toBe(415);

    const declared = await POST(post(valid, { ...bearer(), 'content-length': String(1024 * 1024 + 1) }));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'payloadTooLarge', maxBytes: 1024 * 1024 });
    // No Content-Length (streamed): counted while reading.
    const padded = JSON.stringify({ externalId: 'refused-1', displayName: 'x'.repeat(1024 * 1024), severity: 'high' });
    const stream = new Blob([padded]).stream();
    expect((await POST(post(stream, bearer()))).status).toBe(413);

    const broken = await POST(post('{"value": [', bearer()));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalidJson' });
    expect(await incidentsNamed('refused-1')).toBe(0);
  });

  it('answers 422 with every invalid field, and stores none of the valid incidents beside them', async () => {
    const response = await POST(
      post(
        JSON.stringify({
          value: [
            { id: 'partial-ok', displayName: 'Fine', severity: 'high', status: 'active' },
            { id: 'partial-bad', displayName: 'Broken', severity: 'high', status: 'active', createdDateTime: 'soon', alerts: [{ id: 'x', title: 't', status: 'new' }] },
          ],
        }),
        bearer(),
      ),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: 'invalidPayload',
      message: expect.any(String),
      invalidFields: [
        { path: 'value.1.createdDateTime', message: expect.stringContaining('ISO 8601') },
        { path: 'value.1.alerts.0.severity', message: 'required' },
      ],
      moreInvalidFields: 0,
    });
    expect(await incidentsNamed('partial-ok')).toBe(0);
  });

  it('records when a key was last used, at most once a minute', async () => {
    const created = await createApiKey(own.ctx, 'Clock test');
    const t0 = new Date('2030-01-01T00:00:00Z');
    const send = (at: Date) =>
      handleIncidentsPost(post(JSON.stringify({ value: [] }), bearer(created.key)), { client: db, now: () => at });
    const lastUsed = async () => (await db().apiKey.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect((await send(t0)).status).toBe(202);
    expect(await lastUsed()).toEqual(t0);
    await send(new Date(t0.getTime() + 59_000));
    expect(await lastUsed()).toEqual(t0);
    await send(new Date(t0.getTime() + 61_000));
    expect(await lastUsed()).toEqual(new Date(t0.getTime() + 61_000));
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://nobody:x@127.0.0.1:1/none' }) });
    try {
      const response = await handleIncidentsPost(post(sampleText(SAMPLE), bearer()), { client: () => unreachable });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(await response.json()).toMatchObject({ error: 'temporarilyUnavailable' });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it('takes no incident once the process is stopping: 503 with Retry-After, nothing stored', async () => {
    const before = dispatcherState();
    reportDispatcherState({ status: 'stopping' });
    try {
      const body = JSON.stringify({ incidents: [{ externalId: 'while-stopping', displayName: 'x', severity: 'low', status: 'active', alerts: [] }] });
      const response = await POST(post(body, bearer()) as never);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(await incidentsNamed('while-stopping')).toBe(0);
    } finally {
      reportDispatcherState(before);
    }
  });

  it('leaves nothing half-written when the database fails mid-transaction: 503 if transient, else 500', async () => {
    // The statement that writes the deliveries' rules, the last write of an ingest.
    const failingWith = (error: () => Error) => failingRawStatement(/INSERT INTO "DeliveryRule"/, error);
    const body = JSON.stringify({ externalId: 'midway-1', displayName: 'x', severity: 'high', alerts: [{ externalId: 'midway-a1', title: 't', severity: 'high' }] });
    const dropped = () => new Prisma.PrismaClientKnownRequestError('Server has closed the connection.', { code: 'P1017', clientVersion: 'test' });
    const transient = await handleIncidentsPost(post(body, bearer()), { client: () => failingWith(dropped) });
    expect(transient.status).toBe(503);
    const defect = await handleIncidentsPost(post(body, bearer()), { client: () => failingWith(() => new TypeError('bug')) });
    expect(defect.status).toBe(500);
    expect(await defect.json()).toMatchObject({ error: 'internalError' });
    expect(await incidentsNamed('midway-1')).toBe(0);
    expect(await db().alert.count({ where: { externalId: 'midway-a1' } })).toBe(0);
  });
});

describe('GET /api/incidents/openapi.json', () => {
  it('serves the OpenAPI document without authentication', async () => {
    const response = getOpenApi();
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/api/incidents'].post.responses).sort()).toEqual(['200', '202', '400', '401', '403', '413', '415', '422', '500', '503']);
  });
});

describe('POST /api/incidents: request id, metrics and log lines', () => {
  const counted = async (metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }, labels: Record<string, string> = {}) =>
    (await metric.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);

  it('answers with the sender\'s X-Request-Id when it is sane, else a fresh one', async () => {
    const echoed = await POST(post(JSON.stringify({ value: [] }), { ...bearer(), 'x-request-id': 'proxy-42' }));
    expect(echoed.headers.get('x-request-id')).toBe('proxy-42');
    const refused = await POST(post('{}', { 'x-request-id': 'forged\tline' }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests by status, incidents accepted and events by kind, and times them', async () => {
    const metrics = appMetrics();
    const before = {
      accepted: await counted(metrics.ingestRequests, { status: '202' }),
      unauthorized: await counted(metrics.ingestRequests, { status: '401' }),
      incidents: await counted(metrics.incidentsAccepted),
      created: await counted(metrics.eventsAccepted, { kind: 'created' }),
      timed: (await metrics.ingestDuration.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0,
    };
    const body = JSON.stringify({ externalId: 'metered-1', displayName: 'x', severity: 'high', alerts: [{ externalId: 'metered-a1', title: 't', severity: 'high' }] });
    expect((await POST(post(body, bearer()))).status).toBe(202);
    expect((await POST(post(body))).status).toBe(401);
    expect(await counted(metrics.ingestRequests, { status: '202' })).toBe(before.accepted + 1);
    expect(await counted(metrics.ingestRequests, { status: '401' })).toBe(before.unauthorized + 1);
    expect(await counted(metrics.incidentsAccepted)).toBe(before.incidents + 1);
    expect(await counted(metrics.eventsAccepted, { kind: 'created' })).toBe(before.created + 1);
    const timed = (await metrics.ingestDuration.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    expect(timed).toBe(before.timed + 2);
  });

  it('logs a failure as one JSON line with the request and tenant ids and the safe error text only', async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const failing = failingRawStatement(/INSERT INTO "Incident"/, () => new TypeError('bug in a query'));
      const body = JSON.stringify({ externalId: 'logged-1', displayName: 'x', severity: 'high' });
      const response = await handleIncidentsPost(post(body, { ...bearer(), 'x-request-id': 'req-logged-1' }), { client: () => failing });
      expect(response.status).toBe(500);
    } finally {
      write.mockRestore();
    }
    const entry = lines.map((line) => JSON.parse(line)).find((e) => e.requestId === 'req-logged-1');
    expect(entry).toMatchObject({ msg: 'POST /api/incidents failed', tenantId: own.tenant.id, error: expect.stringContaining('TypeError: bug in a query') });
    expect(['error', 50]).toContain(entry.level);
    expect(Object.keys(entry).sort()).toEqual(['error', 'level', 'msg', 'requestId', 'tenantId', 'time']);
  });
});
