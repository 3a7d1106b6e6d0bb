import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createApiKey } from '@/lib/data/api-keys';
import { addRule, createWorld } from '@/lib/incidents/fixtures/world';
import { GET as listRules, POST as createRuleRoute } from '@/app/api/rules/route';
import { DELETE as deleteRuleRoute, GET as getRuleRoute, PUT as putRuleRoute } from '@/app/api/rules/[id]/route';
import { GET as listDeviceGroups } from '@/app/api/device-groups/route';
import { POST as ingest } from '@/app/api/incidents/route';
import { buildOpenApiDocument } from '@/lib/incidents/openapi/document';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// The rules API as a "rules as code" pipeline meets it: real requests, the real database, assertions on
// what is stored (rules, audit entries, the matching version).

type World = Awaited<ReturnType<typeof createWorld>>;
let own: World;
let other: World;
const keys = {} as Record<'rw' | 'read' | 'write' | 'ingest' | 'otherRw', { key: string; prefix: string }>;

const key = (world: World, name: string, scopes: ApiKeyScope[]) => createApiKey(world.ctx, name, scopes);

beforeAll(async () => {
  own = await createWorld();
  other = await createWorld();
  keys.rw = await key(own, 'Pipeline', ['rules:read', 'rules:write']);
  keys.read = await key(own, 'Reader', ['rules:read']);
  keys.write = await key(own, 'Writer', ['rules:write']);
  keys.ingest = await key(own, 'Ingest', ['incidents:write']);
  keys.otherRw = await key(other, 'Their pipeline', ['rules:read', 'rules:write']);
});

const BASE = 'http://localhost/api/rules';
type Init = { key?: string; body?: unknown; ifMatch?: string; rawBody?: string };
function request(url: string, method: string, { key: k = keys.rw.key, body, ifMatch, rawBody }: Init = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${k}` };
  if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  return new Request(url, { method, headers, body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const getOne = (id: string, init?: Init) => getRuleRoute(request(`${BASE}/${id}`, 'GET', init), params(id));
const putOne = (id: string, init?: Init) => putRuleRoute(request(`${BASE}/${id}`, 'PUT', init), params(id));
const deleteOne = (id: string, init?: Init) => deleteRuleRoute(request(`${BASE}/${id}`, 'DELETE', init), params(id));
const matchingVersion = async (tenantId: string) =>
  (await db().matchingVersion.findUnique({ where: { tenantId } }))?.version ?? BigInt(-1);

const document = (overrides: Record<string, unknown> = {}) => ({
  name: 'Servers, high only',
  description: 'Managed in git',
  severities: ['high'],
  deviceGroupScope: 'selected',
  deviceGroups: ['Servers', 'domain CONTROLLERS'],
  sourceScope: 'all',
  sources: [],
  oneNotificationPerIncident: true,
  includeOrganizationName: false,
  includeTenantPortalLink: true,
  recipients: [{ email: 'SOC@Contoso.com', language: 'nl' }],
  ...overrides,
});

describe('rules API', () => {
  it('creates a rule from a document naming device groups, audited as the key, bumping the matching version', async () => {
    const versionBefore = await matchingVersion(own.tenant.id);
    const response = await createRuleRoute(request(BASE, 'POST', { body: document() }));
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(response.headers.get('etag')).toBe(`"${Date.parse(created.updatedAt)}"`);
    expect(response.headers.get('location')).toBe(`/api/rules/${created.id}`);
    expect(created).toMatchObject({
      name: 'Servers, high only',
      deviceGroups: ['Domain controllers', 'Servers'],
      recipients: [{ email: 'soc@contoso.com', language: 'nl' }],
      enabled: true,
    });
    const links = await db().ruleDeviceGroup.findMany({ where: { ruleId: created.id } });
    expect(links.map((l) => l.deviceGroupId).sort()).toEqual(
      [own.groupByName('Servers').id, own.groupByName('Domain controllers').id].sort(),
    );
    const audit = await db().auditEntry.findFirstOrThrow({ where: { tenantId: own.tenant.id, targetId: created.id } });
    expect(audit).toMatchObject({ action: 'rule.created', actorEmail: `api-key:${keys.rw.prefix}` });
    const rule = await db().notificationRule.findUniqueOrThrow({ where: { id: created.id } });
    expect(rule.createdById).toBeNull();
    expect(await matchingVersion(own.tenant.id)).toBeGreaterThan(versionBefore);
  });

  it('answers 400 listing every invalid field, and stores nothing', async () => {
    const before = await db().notificationRule.count({ where: { tenantId: own.tenant.id } });
    const response = await createRuleRoute(
      request(BASE, 'POST', {
        body: document({
          name: ' ',
          severities: ['urgent'],
          deviceGroups: ['Servers', 'Printers'],
          recipients: [{ email: 'not-an-email', language: 'fr' }],
          oneNotificationPerIncident: 'yes',
        }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('invalidRule');
    const paths = body.invalidFields.map((field: { path: string }) => field.path).sort();
    expect(paths).toEqual(['deviceGroups.1', 'name', 'oneNotificationPerIncident', 'recipients.0.email', 'recipients.0.language', 'severities.0']);
    expect(await db().notificationRule.count({ where: { tenantId: own.tenant.id } })).toBe(before);

    const notJson = await createRuleRoute(request(BASE, 'POST', { rawBody: '{"name":' }));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'invalidJson' });
  });

  it('round-trips: what GET returns, PUT with its ETag accepts and leaves unchanged', async () => {
    const { id } = await addRule(own.ctx, { name: 'Round trip', deviceGroupScope: 'selected', deviceGroupIds: [own.groupByName('Clients').id] });
    const first = await getOne(id);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const doc = await first.json();
    expect(doc.deviceGroups).toEqual(['Clients']);
    const put = await putOne(id, { body: doc, ifMatch: etag });
    expect(put.status).toBe(200);
    const { updatedAt: _a, ...after } = await put.json();
    const { updatedAt: _b, ...was } = doc;
    expect(after).toEqual(was);
    expect(put.headers.get('etag')).not.toBe(etag);
  });

  it('switches a rule with `enabled`: created disabled, kept when PUT omits it, audited; a non-boolean is refused', async () => {
    const created = await createRuleRoute(request(BASE, 'POST', { body: document({ name: 'Staged', enabled: false }) }));
    expect(created.status).toBe(201);
    const doc = await created.json();
    expect(doc.enabled).toBe(false);
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id: doc.id } })).enabled).toBe(false);

    const { enabled: _omitted, ...withoutEnabled } = doc;
    const kept = await putOne(doc.id, { body: { ...withoutEnabled, description: 'still staged' }, ifMatch: created.headers.get('etag')! });
    expect(kept.status).toBe(200);
    const keptDoc = await kept.json();
    expect(keptDoc).toMatchObject({ enabled: false, description: 'still staged' });

    const switched = await putOne(doc.id, { body: { ...keptDoc, enabled: true }, ifMatch: kept.headers.get('etag')! });
    expect((await switched.json()).enabled).toBe(true);
    const audit = await db().auditEntry.findFirstOrThrow({
      where: { targetId: doc.id, action: 'rule.updated' },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit.before).toMatchObject({ enabled: false });
    expect(audit.after).toMatchObject({ enabled: true });

    const refused = await putOne(doc.id, { body: { ...keptDoc, enabled: 'yes' }, ifMatch: '*' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).invalidFields).toEqual([{ path: 'enabled', message: 'Expected true or false.' }]);
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id: doc.id } })).enabled).toBe(true);
  });

  it('requires If-Match on PUT and DELETE (428) and refuses a stale one (412), changing nothing', async () => {
    const { id } = await addRule(own.ctx, { name: 'Concurrent' });
    const read = await getOne(id);
    const etag = read.headers.get('etag')!;
    const doc = await read.json();

    expect((await putOne(id, { body: { ...doc, name: 'No precondition' } })).status).toBe(428);
    expect((await deleteOne(id)).status).toBe(428);

    // Someone changes it in the meantime (the portal, say).
    const changed = await putOne(id, { body: { ...doc, name: 'Changed first' }, ifMatch: etag });
    expect(changed.status).toBe(200);
    const stale = await putOne(id, { body: { ...doc, name: 'Lost update' }, ifMatch: etag });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ error: 'preconditionFailed' });
    expect((await deleteOne(id, { ifMatch: etag })).status).toBe(412);
    expect((await deleteOne(id, { ifMatch: '"garbage"' })).status).toBe(412);
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).name).toBe('Changed first');

    const versionBefore = await matchingVersion(own.tenant.id);
    const deleted = await deleteOne(id, { ifMatch: changed.headers.get('etag')! });
    expect(deleted.status).toBe(204);
    expect(await db().notificationRule.count({ where: { id } })).toBe(0);
    expect(await matchingVersion(own.tenant.id)).toBeGreaterThan(versionBefore);
    const audit = await db().auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actorEmail, entry.actorId])).toEqual([
      ['rule.created', own.ctx.userEmail, own.ctx.userId],
      ['rule.updated', `api-key:${keys.rw.prefix}`, expect.any(String)],
      ['rule.deleted', `api-key:${keys.rw.prefix}`, expect.any(String)],
    ]);
  });

  it('keeps tenants apart: another tenant’s key gets 404 for our rule and cannot change or delete it', async () => {
    const { id } = await addRule(own.ctx, { name: 'Ours' });
    const etag = (await getOne(id)).headers.get('etag')!;
    const theirs = keys.otherRw.key;
    expect((await getOne(id, { key: theirs })).status).toBe(404);
    expect((await putOne(id, { key: theirs, body: document(), ifMatch: etag })).status).toBe(404);
    expect((await putOne(id, { key: theirs, body: document(), ifMatch: '*' })).status).toBe(404);
    expect((await deleteOne(id, { key: theirs, ifMatch: '*' })).status).toBe(404);
    expect((await getOne('not-a-uuid')).status).toBe(404);
    const list = await (await listRules(request(BASE, 'GET', { key: theirs }))).json();
    expect(list.rules.map((rule: { id: string }) => rule.id)).not.toContain(id);
    expect((await db().notificationRule.findUniqueOrThrow({ where: { id } })).name).toBe('Ours');
    // Their device group names resolve to their groups only.
    const created = await createRuleRoute(request(BASE, 'POST', { key: theirs, body: document() }));
    const links = await db().ruleDeviceGroup.findMany({ where: { ruleId: (await created.json()).id } });
    expect(links.every((link) => link.tenantId === other.tenant.id)).toBe(true);
    expect(links.map((l) => l.deviceGroupId)).toContain(other.groupByName('Servers').id);
  });

  it('enforces scopes: read-only, write-only and ingest keys get 403; a rules key cannot ingest; no key gets 401', async () => {
    const { id } = await addRule(own.ctx, { name: 'Scoped' });
    expect((await listRules(request(BASE, 'GET', { key: keys.read.key }))).status).toBe(200);
    expect((await listDeviceGroups(request('http://localhost/api/device-groups', 'GET', { key: keys.read.key }))).status).toBe(200);
    const refusedWrite = await createRuleRoute(request(BASE, 'POST', { key: keys.read.key, body: document() }));
    expect(refusedWrite.status).toBe(403);
    expect(await refusedWrite.json()).toMatchObject({ error: 'insufficientScope', requiredScope: 'rules:write' });
    expect((await deleteOne(id, { key: keys.read.key, ifMatch: '*' })).status).toBe(403);
    expect((await getOne(id, { key: keys.write.key })).status).toBe(403);
    for (const k of [keys.ingest.key]) {
      expect((await listRules(request(BASE, 'GET', { key: k }))).status).toBe(403);
      expect((await getOne(id, { key: k })).status).toBe(403);
      expect((await listDeviceGroups(request('http://localhost/api/device-groups', 'GET', { key: k }))).status).toBe(403);
    }
    expect((await getOne(id, { key: 'imk_unknown' })).status).toBe(401);
    const ingestWithRulesKey = await ingest(
      new Request('http://localhost/api/incidents', {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.rw.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ incidents: [] }),
      }),
    );
    expect(ingestWithRulesKey.status).toBe(403);
    expect(await db().notificationRule.count({ where: { id } })).toBe(1);
  });

  it('lists the tenant’s device groups by name', async () => {
    const response = await listDeviceGroups(request('http://localhost/api/device-groups', 'GET', { key: keys.read.key }));
    const body = await response.json();
    expect(body.deviceGroups.map((group: { name: string }) => group.name).sort()).toEqual(['Clients', 'Domain controllers', 'Servers']);
  });
});

// Issue 12's volume settings: `coalescing` and `recipientCap` in the rule document.
describe('rules API: coalescing and recipient caps', () => {
  const volume = {
    coalescing: { windowMinutes: 15, highSeverityBypass: true },
    recipientCap: { period: 'day', limits: { high: 4, medium: 2, low: 1 }, digestAt: '08:00' },
  };

  it('stores them from POST, returns them from GET, and a PUT of the GET body changes nothing', async () => {
    const response = await createRuleRoute(request(BASE, 'POST', { body: document({ name: 'Capped by API', ...volume }) }));
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject(volume);
    expect(
      await db().notificationRule.findUniqueOrThrow({
        where: { id: created.id },
        select: { coalesceMinutes: true, coalesceBypassHigh: true, capPeriod: true, capHigh: true, capMedium: true, capLow: true, capInformational: true, digestAtMinute: true },
      }),
    ).toEqual({ coalesceMinutes: 15, coalesceBypassHigh: true, capPeriod: 'day', capHigh: 4, capMedium: 2, capLow: 1, capInformational: null, digestAtMinute: 480 });

    const read = await getOne(created.id);
    const doc = await read.json();
    expect(doc).toMatchObject(volume);
    const put = await putOne(created.id, { body: doc, ifMatch: read.headers.get('etag')! });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject(volume);
    // Audited as a save that changed no field.
    const unchanged = await db().auditEntry.findMany({ where: { targetId: created.id, action: 'rule.updated' } });
    expect(unchanged.map((entry) => [entry.before, entry.after])).toEqual([[{}, {}]]);

    // PUT changes them, audited field by field.
    const again = await getOne(created.id);
    const changed = await putOne(created.id, {
      body: { ...(await again.json()), coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null },
      ifMatch: again.headers.get('etag')!,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: created.id, action: 'rule.updated' }, orderBy: { createdAt: 'desc' } });
    expect(Object.keys(audit.after as object).sort()).toEqual(['coalescing', 'recipientCap']);
  });

  it('accepts a document written before the fields existed, as off, and answers them on GET', async () => {
    const response = await createRuleRoute(request(BASE, 'POST', { body: document({ name: 'Older document' }) }));
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({ coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null });
    expect((await (await getOne(created.id)).json()).recipientCap).toBeNull();
  });

  it('answers 400 with every invalid volume field, and stores nothing', async () => {
    const before = await db().notificationRule.count({ where: { tenantId: own.tenant.id } });
    const invalidFieldsOf = async (overrides: Record<string, unknown>) => {
      const response = await createRuleRoute(request(BASE, 'POST', { body: document({ name: 'Invalid volume', ...overrides }) }));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error).toBe('invalidRule');
      return body.invalidFields.map((field: { path: string; message: string }) => `${field.path}: ${field.message}`).sort();
    };
    expect(
      await invalidFieldsOf({
        coalescing: { windowMinutes: 120, highSeverityBypass: 'yes' },
        recipientCap: { period: 'week', limits: { high: 0 }, digestAt: '8am' },
      }),
    ).toEqual([
      'coalescing.highSeverityBypass: coalesceBypassInvalid',
      'coalescing.windowMinutes: coalesceMinutesInvalid',
      'recipientCap.limits.high: capLimitInvalid',
      'recipientCap.period: capPeriodInvalid',
    ]);
    // Once the shape is right, the checks across fields speak.
    expect(
      await invalidFieldsOf({
        coalescing: { windowMinutes: 0, highSeverityBypass: true },
        recipientCap: { period: 'hour', limits: {}, digestAt: '8am' },
      }),
    ).toEqual([
      'coalescing.highSeverityBypass: coalesceBypassNeedsWindow',
      'recipientCap.digestAt: digestTimeInvalid',
      'recipientCap.limits: capLimitRequired',
    ]);
    expect(await invalidFieldsOf({ recipientCap: 'daily' })).toEqual(['recipientCap: recipientCapInvalid']);
    // A severity in the wrong case is named, not dropped (High would stay uncapped while Medium is capped).
    expect(await invalidFieldsOf({ recipientCap: { period: 'day', limits: { High: 4, medium: 2 } } })).toEqual([
      'recipientCap.limits.High: capSeverityUnknown',
    ]);
    expect(
      await invalidFieldsOf({
        coalescing: { windowMinutes: 5, highSeverityBypass: false, windowSeconds: 1 },
        recipientCap: { period: 'day', limits: { high: 4 }, digestTime: '08:00' },
      }),
    ).toEqual(['coalescing.windowSeconds: coalesceFieldUnknown', 'recipientCap.digestTime: capFieldUnknown']);
    expect(await invalidFieldsOf({ coalescing: null })).toEqual(['coalescing: coalescingInvalid']);
    expect(await invalidFieldsOf({ coalescing: { windowMinutes: 5 } })).toEqual(['coalescing.highSeverityBypass: coalesceBypassInvalid']);
    expect(await db().notificationRule.count({ where: { tenantId: own.tenant.id } })).toBe(before);
  });

  it('takes a cap without digestAt as a digest at the end of the period', async () => {
    const response = await createRuleRoute(
      request(BASE, 'POST', { body: document({ name: 'Cap without digest time', recipientCap: { period: 'hour', limits: { high: 2 } } }) }),
    );
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created.recipientCap).toEqual({ period: 'hour', limits: { high: 2 }, digestAt: null });
    expect(
      await db().notificationRule.findUniqueOrThrow({ where: { id: created.id }, select: { capPeriod: true, capHigh: true, digestAtMinute: true } }),
    ).toEqual({ capPeriod: 'hour', capHigh: 2, digestAtMinute: null });
  });

  it('documents both fields in the OpenAPI document: optional to send, always read back', () => {
    const schemas = (buildOpenApiDocument() as { components: { schemas: Record<string, { required: string[]; properties: Record<string, { description?: string }> }> } })
      .components.schemas;
    expect(schemas.RuleInput.required).not.toContain('coalescing');
    expect(schemas.RuleInput.required).not.toContain('recipientCap');
    expect(schemas.Rule.required).toEqual(expect.arrayContaining(['coalescing', 'recipientCap']));
    expect(JSON.stringify(schemas.RuleInput.properties.coalescing)).toContain('windowMinutes');
    expect(JSON.stringify(schemas.RuleInput.properties.recipientCap)).toContain('digestAt');
    expect(JSON.stringify(schemas.RuleInput.properties.recipientCap)).toContain('not dropped');
    // Unknown keys are refused, so the document says so (a client generator then refuses them too).
    const strict = schemas.RuleInput.properties as unknown as Record<string, { additionalProperties?: boolean; properties?: Record<string, { additionalProperties?: boolean }>; required?: string[]; anyOf?: { additionalProperties?: boolean; properties?: Record<string, { additionalProperties?: boolean }>; required?: string[] }[] }>;
    const cap = strict.recipientCap.anyOf?.find((option) => option.properties) ?? strict.recipientCap;
    expect(strict.coalescing.additionalProperties).toBe(false);
    expect(cap.additionalProperties).toBe(false);
    expect(cap.properties?.limits.additionalProperties).toBe(false);
    expect(cap.required).not.toContain('digestAt');
  });
});
