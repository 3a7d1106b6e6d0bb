import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createApiKey } from '@/lib/data/api-keys';
import { handleIncidentsPost } from '@/lib/incidents/http/handle-post';
import { INGEST_CAPS, MAX_REPORTED_INVALID_FIELDS } from '@/lib/incidents/limits';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// The item caps through the real POST handler and the real database: a payload at every cap is stored whole,
// one item over any cap is refused (413, naming it) with nothing stored, and a flood of bad items gets a
// small 422. (How long the payload at the caps takes is for a benchmark to print, not for a test to assert.)

type World = Awaited<ReturnType<typeof createWorld>>;
let world: World;
let key: string;

beforeAll(async () => {
  world = await createWorld();
  await addRule(world.ctx);
  await addRule(world.ctx, { name: 'Second rule', recipients: [{ email: 'second@contoso.com', language: 'en' }] });
  key = (await createApiKey(world.ctx, 'Caps connector')).key;
});

const post = (payload: unknown) =>
  handleIncidentsPost(
    new Request('http://localhost/api/incidents', {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    }),
    { client: db },
  );

const count = async (prefix: string) => ({
  incidents: await db().incident.count({ where: { tenantId: world.tenant.id, externalId: { startsWith: prefix } } }),
  alerts: await db().alert.count({ where: { tenantId: world.tenant.id, externalId: { startsWith: prefix } } }),
  groups: await db().deviceGroup.count({ where: { tenantId: world.tenant.id, name: { startsWith: prefix } } }),
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const devices = (prefix: string, n: number, groups: number) =>
  range(n).map((i) => ({ name: `${prefix}-pc-${i}`, rbacGroupName: `${prefix} group ${i % groups}` }));

// `over` names the one cap the payload exceeds by one item; without it, every cap is met exactly.
function payloadAtCaps(prefix: string, over?: keyof typeof INGEST_CAPS) {
  const plus = (cap: keyof typeof INGEST_CAPS) => INGEST_CAPS[cap] + (over === cap ? 1 : 0);
  const alertsPerIncident = plus('alertsPerIncident');
  // The crowded incidents hold every alert of the request; the others hold none.
  const crowded = Math.floor(INGEST_CAPS.alertsPerRequest / INGEST_CAPS.alertsPerIncident);
  const alertsOf = (incident: number) => {
    const total = incident < crowded ? alertsPerIncident : incident === crowded && over === 'alertsPerRequest' ? 1 : 0;
    return range(total).map((i) =>
      nativeAlert(`${prefix}-${incident}-a${i}`, incident === 0 && i === 0
        ? { devices: devices(prefix, plus('devicesPerAlert'), plus('newDeviceGroupsPerRequest')) }
        : {}),
    );
  };
  return { incidents: range(plus('incidentsPerRequest')).map((i) => nativeIncident(`${prefix}-${i}`, alertsOf(i))) };
}

describe('POST /api/incidents at the item caps', () => {
  it('stores a payload at every cap whole, and the same payload again changes nothing', async () => {
    const payload = payloadAtCaps('capped');
    expect(JSON.stringify(payload).length).toBeLessThan(1024 * 1024);

    const response = await post(payload);
    expect(response.status).toBe(202);
    const summary = await response.json();
    expect(summary).toMatchObject({ incidentsAccepted: INGEST_CAPS.incidentsPerRequest, eventsCreated: INGEST_CAPS.incidentsPerRequest });
    // Two rules, one recipient each, for each incident that has alerts.
    expect(summary.deliveriesQueued).toBe(2 * (INGEST_CAPS.alertsPerRequest / INGEST_CAPS.alertsPerIncident));
    expect(await count('capped')).toEqual({
      incidents: INGEST_CAPS.incidentsPerRequest,
      alerts: INGEST_CAPS.alertsPerRequest,
      groups: INGEST_CAPS.newDeviceGroupsPerRequest,
    });
    const first = await db().alert.findFirstOrThrow({ where: { tenantId: world.tenant.id, externalId: 'capped-0-a0' } });
    expect(first.deviceGroupIds).toHaveLength(INGEST_CAPS.newDeviceGroupsPerRequest);
    expect(await db().auditEntry.count({ where: { tenantId: world.tenant.id, actorEmail: 'system:ingest', targetName: { startsWith: 'capped' } } }))
      .toBe(INGEST_CAPS.newDeviceGroupsPerRequest);

    const again = await post(payload);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ eventsCreated: 0, deliveriesQueued: 0 });

    // Every alert changed at once: all rewritten, one update event per incident that has alerts.
    for (const incident of payload.incidents) for (const alert of incident.alerts) alert.severity = 'high';
    const changed = await post(payload);
    expect(changed.status).toBe(202);
    expect(await changed.json()).toMatchObject({ eventsCreated: INGEST_CAPS.alertsPerRequest / INGEST_CAPS.alertsPerIncident });
    expect(await db().alert.count({ where: { tenantId: world.tenant.id, externalId: { startsWith: 'capped' }, severity: 'high' } }))
      .toBe(INGEST_CAPS.alertsPerRequest);
    const rewritten = await db().alert.findFirstOrThrow({ where: { tenantId: world.tenant.id, externalId: 'capped-0-a0' } });
    expect({ ...rewritten, severity: first.severity }).toEqual(first);
  });

  for (const cap of Object.keys(INGEST_CAPS) as (keyof typeof INGEST_CAPS)[]) {
    it(`refuses one item over ${cap} with a 413 naming the cap, storing nothing`, async () => {
      const prefix = `over-${cap}`;
      const response = await post(payloadAtCaps(prefix, cap));
      expect(response.status).toBe(413);
      const body = await response.json();
      expect(body).toMatchObject({ error: 'tooManyItems', cap, limit: INGEST_CAPS[cap] });
      expect(body.message).toContain(String(INGEST_CAPS[cap]));
      expect(body.message).toContain(cap);
      expect(await count(prefix)).toEqual({ incidents: 0, alerts: 0, groups: 0 });
    });
  }

  it('refuses a flood of empty items in one small answer', async () => {
    const flood = { value: range(300_000).map(() => ({})) };
    const response = await post(flood);
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text)).toMatchObject({ error: 'tooManyItems', cap: 'incidentsPerRequest', path: 'value' });
  });

  it('lists at most the first invalid fields of a 422, and counts the others', async () => {
    // Five required fields missing in each incident (displayName, severity; the alert's externalId, title, severity).
    const payload = { incidents: range(INGEST_CAPS.incidentsPerRequest).map((i) => ({ externalId: `bad-${i}` , alerts: [{}] })) };
    const response = await post(payload);
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.invalidFields).toHaveLength(MAX_REPORTED_INVALID_FIELDS);
    expect(body.invalidFields[0]).toEqual({ path: 'incidents.0.displayName', message: 'required' });
    expect(body.moreInvalidFields).toBeGreaterThan(0);
    expect(body.invalidFields.length + body.moreInvalidFields).toBe(INGEST_CAPS.incidentsPerRequest * 5);
    expect(await count('bad-')).toEqual({ incidents: 0, alerts: 0, groups: 0 });
  });
});
