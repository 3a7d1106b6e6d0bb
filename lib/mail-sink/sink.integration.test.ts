import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as postBatch } from '@/app/api/mail-sink/emails/batch/route';
import { POST as postEmail } from '@/app/api/mail-sink/emails/route';
import { db } from '@/lib/db/client';
import { resolveTransport } from '@/lib/notifications/config';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { mailSinkKey, mailSinkKeyFile } from '@/lib/mail-sink/key';
import { getSinkEmail, listSinkEmails } from '@/lib/mail-sink/store';
import { drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';

// The local sink behaves like Resend for what the dispatcher uses, so a fresh install sends end to end;
// each stored email belongs to the tenant of the delivery it names, and only that tenant reads it.

let dataDir: string;
let key: string;
let tenantId: string;
const previousDataDir = process.env.DATA_DIR;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mail-sink-'));
  process.env.DATA_DIR = dataDir;
  key = await mailSinkKey(dataDir);
  tenantId = (await createTenant()).tenant.id;
});
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = previousDataDir;
  await rm(dataDir, { recursive: true, force: true });
});

const email = (overrides: Record<string, unknown> = {}) => ({
  from: 'Incident notifications <alerts@example.com>',
  to: 'soc@contoso.com',
  subject: `Incident ${randomUUID()}`,
  html: '<p>Incident</p>',
  text: 'Incident',
  tags: [{ name: 'category', value: 'incident_notification' }],
  ...overrides,
});

// A delivery of the tenant that is already sent (so no dispatcher picks it up), for an email to name.
async function sentDelivery(ofTenant: string): Promise<string> {
  const delivery = await db().delivery.create({
    data: {
      tenantId: ofTenant,
      kind: 'test',
      recipientEmail: `sent-${randomUUID().slice(0, 8)}@contoso.com`,
      language: 'en',
      includeOrganizationName: false,
      includeTenantPortalLink: false,
      status: 'sent',
      sentAt: new Date(),
    },
  });
  return delivery.id;
}

const deliveryTag = (deliveryId: string) => ({ name: 'delivery_id', value: deliveryId });

function post(handler: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) {
  return handler(new Request('http://localhost/api/mail-sink/emails', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }));
}

describe('mail sink key', () => {
  it('is generated once into DATA_DIR, readable by the owner only, and the same afterwards', async () => {
    const file = mailSinkKeyFile(dataDir);
    expect((await readFile(file, 'utf8')).trim()).toBe(key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await mailSinkKey(dataDir)).toBe(key);
    expect(key.length).toBeGreaterThan(40);
  });

  it('is what the dispatcher uses, on the app\'s port, when RESEND_API_KEY is unset', async () => {
    const transport = await resolveTransport({ DATA_DIR: dataDir, PORT: '4321' });
    expect(transport).toMatchObject({ apiKey: key, baseUrl: 'http://127.0.0.1:4321/api/mail-sink', sink: true });
    expect(await resolveTransport({ RESEND_API_KEY: 're_live' })).toMatchObject({ apiKey: 're_live', baseUrl: 'https://api.resend.com', sink: false });
  });
});

describe('POST /api/mail-sink/emails', () => {
  it('requires the sink key', async () => {
    const missing = await postEmail(new Request('http://localhost/x', { method: 'POST', body: JSON.stringify(email()) }));
    expect([missing.status, (await missing.json()).name]).toEqual([401, 'missing_api_key']);
    const wrong = await post(postEmail, email(), { authorization: 'Bearer re_guess' });
    expect([wrong.status, (await wrong.json()).name]).toEqual([403, 'invalid_api_key']);
  });

  it('stores a valid email for the tenant of its delivery and answers { id }', async () => {
    const sent = email({ to: ['a@contoso.com', 'b@contoso.com'], tags: [deliveryTag(await sentDelivery(tenantId))] });
    const response = await post(postEmail, sent);
    expect(response.status).toBe(200);
    const { id } = await response.json();
    expect(await getSinkEmail(tenantId, id)).toMatchObject({ id, to: ['a@contoso.com', 'b@contoso.com'], subject: sent.subject, html: '<p>Incident</p>', text: 'Incident' });
    expect(await db().sinkEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ tenantId });
  });

  it('answers invalid input like Resend does (422 with a name), storing nothing', async () => {
    const before = await db().sinkEmail.count();
    const cases: [unknown, number, string][] = [
      [email({ to: Array.from({ length: 51 }, (_, i) => `a${i}@contoso.com`) }), 422, 'validation_error'],
      [email({ tags: [{ name: 'delivery id', value: 'x' }] }), 422, 'validation_error'],
      [{ ...email(), subject: undefined }, 422, 'missing_required_field'],
      [email({ from: 'nobody' }), 422, 'invalid_from_address'],
    ];
    for (const [body, status, name] of cases) {
      const response = await post(postEmail, body);
      expect([response.status, (await response.json()).name], JSON.stringify(body).slice(0, 80)).toEqual([status, name]);
    }
    const longKey = await post(postEmail, email(), { 'idempotency-key': 'k'.repeat(257) });
    expect([longKey.status, (await longKey.json()).name]).toEqual([400, 'invalid_idempotency_key']);
    expect(await db().sinkEmail.count()).toBe(before);
  });

  it('honours Idempotency-Key: the same request again gets the first answer and stores nothing new', async () => {
    const idempotencyKey = `delivery-${randomUUID()}`;
    const body = email();
    const first = await (await post(postEmail, body, { 'idempotency-key': idempotencyKey })).json();
    const again = await post(postEmail, body, { 'idempotency-key': idempotencyKey });
    expect(await again.json()).toEqual(first);
    expect(await db().sinkEmail.count({ where: { idempotencyKey } })).toBe(1);
    const changed = await post(postEmail, { ...body, subject: 'changed' }, { 'idempotency-key': idempotencyKey });
    expect([changed.status, (await changed.json()).name]).toEqual([409, 'invalid_idempotent_request']);
  });
});

describe('POST /api/mail-sink/emails/batch', () => {
  it('stores 1..100 emails, answers their ids in order, and replays under the same key', async () => {
    const idempotencyKey = `batch-${randomUUID()}`;
    const body = [
      email({ to: 'one@contoso.com', tags: [deliveryTag(await sentDelivery(tenantId))] }),
      email({ to: 'two@contoso.com', tags: [deliveryTag(await sentDelivery(tenantId))] }),
    ];
    const response = await post(postBatch, body, { 'idempotency-key': idempotencyKey });
    const { data } = await response.json();
    expect((await getSinkEmail(tenantId, data[0].id))?.to).toEqual(['one@contoso.com']);
    expect((await getSinkEmail(tenantId, data[1].id))?.to).toEqual(['two@contoso.com']);
    expect(await (await post(postBatch, body, { 'idempotency-key': idempotencyKey })).json()).toEqual({ data });
    expect(await db().sinkEmail.count({ where: { idempotencyKey } })).toBe(2);
    const tooMany = await post(postBatch, Array.from({ length: 101 }, () => email()));
    expect(tooMany.status).toBe(422);
  });
});

describe('dispatcher -> sink, end to end with the real templates', () => {
  it('delivers two tenants\' emails through the SDK into SinkEmail rows, each tenant reading only its own', async () => {
    // The route handlers behind a real HTTP server, as `next start` serves them.
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
      const response = await (req.url?.endsWith('/batch') ? postBatch : postEmail)(request);
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await parkOtherDeliveries();
      const contoso = await createTenant();
      const fabrikam = await createTenant();
      const contosoIds = await queueDeliveries(contoso.tenant.id, await seedIncident(contoso.tenant.id), [
        ...recipients(2), { email: `nl-${randomUUID().slice(0, 6)}@contoso.com`, language: 'nl', includeOrganizationName: true },
      ]);
      const fabrikamIds = await queueDeliveries(fabrikam.tenant.id, await seedIncident(fabrikam.tenant.id), recipients(2, 'fabrikam'));
      const { port } = server.address() as AddressInfo;
      const transport = await resolveTransport({ DATA_DIR: dataDir, PORT: String(port) });
      const deps = createDispatchDeps(testConfig(transport.baseUrl, { transport }));
      // Both tenants' deliveries in one drain: the sink may get them in one request.
      await drain((options) => dispatchDue(deps, options), [...contosoIds, ...fabrikamIds]);

      const sent = async (tenant: string, ids: string[]) => {
        const rows = await db().delivery.findMany({ where: { id: { in: ids } } });
        expect(rows.map((row) => row.status)).toEqual(ids.map(() => 'sent'));
        const stored = await Promise.all(rows.map((row) => getSinkEmail(tenant, row.providerMessageId!)));
        expect(stored.map((s) => s?.to[0]).sort()).toEqual(rows.map((r) => r.recipientEmail).sort());
        return { rows, stored: stored.map((s) => s!) };
      };
      const ofContoso = await sent(contoso.tenant.id, contosoIds);
      const ofFabrikam = await sent(fabrikam.tenant.id, fabrikamIds);

      const nlRow = ofContoso.rows.find((r) => r.language === 'nl')!;
      const nl = ofContoso.stored.find((s) => s.to[0] === nlRow.recipientEmail)!;
      expect(nl.html).toContain('<html');
      expect(nl.html).toContain(contoso.tenant.name);
      expect(nl.text).toBeTruthy();
      expect(nl.tags).toContainEqual({ name: 'delivery_id', value: nlRow.id });

      // Each tenant lists exactly its own emails, newest first, and cannot open the other's.
      const listed = await listSinkEmails(contoso.tenant.id);
      expect(listed.map((s) => s.id).sort()).toEqual(ofContoso.stored.map((s) => s.id).sort());
      expect((await listSinkEmails(fabrikam.tenant.id)).map((s) => s.id).sort()).toEqual(ofFabrikam.stored.map((s) => s.id).sort());
      for (const other of ofFabrikam.stored) expect(await getSinkEmail(contoso.tenant.id, other.id)).toBeNull();
      for (const other of ofContoso.stored) expect(await getSinkEmail(fabrikam.tenant.id, other.id)).toBeNull();

      // Paging stays inside the tenant; another tenant's email is no cursor (the first page is shown).
      const firstTwo = await listSinkEmails(contoso.tenant.id, { limit: 2 });
      expect(firstTwo.map((s) => s.id)).toEqual(listed.slice(0, 2).map((s) => s.id));
      expect((await listSinkEmails(contoso.tenant.id, { before: firstTwo[1].id })).map((s) => s.id)).toEqual([listed[2].id]);
      expect((await listSinkEmails(contoso.tenant.id, { before: ofFabrikam.stored[0].id })).map((s) => s.id)).toEqual(listed.map((s) => s.id));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives an email that names no known delivery to no tenant', async () => {
    const known = await sentDelivery(tenantId);
    const response = await post(postBatch, [
      email({ tags: [deliveryTag(randomUUID())] }),
      email({ tags: [] }),
      email({ tags: [{ name: 'delivery_id', value: 'not-a-uuid' }] }),
      email({ tags: [deliveryTag(known.toUpperCase())] }),
    ]);
    expect(response.status).toBe(200);
    const ids: string[] = (await response.json()).data.map((row: { id: string }) => row.id);
    const stored = await db().sinkEmail.findMany({ where: { id: { in: ids } } });
    expect(ids.map((id) => stored.find((row) => row.id === id)?.tenantId)).toEqual([null, null, null, tenantId]);

    const listed = (await listSinkEmails(tenantId, { limit: 200 })).map((s) => s.id);
    expect(listed).toContain(ids[3]);
    for (const id of ids.slice(0, 3)) {
      expect(listed).not.toContain(id);
      expect(await getSinkEmail(tenantId, id)).toBeNull();
    }
    // A missing tenant is no wildcard.
    expect(await listSinkEmails(undefined as unknown as string)).toEqual([]);
    expect(await getSinkEmail(undefined as unknown as string, ids[3])).toBeNull();
  });
});
