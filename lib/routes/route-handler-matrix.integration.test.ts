import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES } from '@/lib/auth/permissions';
import { createApiKey } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import { nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

// Every route handler under app/ x every portal role x own/other tenant: no portal session ever stands in
// for the credential a route asks for, and a key of one tenant only ever reaches that tenant. A new route
// file or method without an entry below fails the first test.
vi.mock('@/lib/auth/auth', async () => ({
  ...(await import('@/lib/test/session')),
  signIn: vi.fn(async () => {
    throw new Error('redirect to the identity provider');
  }),
}));

type Access =
  // Anyone, on purpose, with the reason.
  | { kind: 'public'; reason: string }
  // An integration key of a tenant (Settings > API keys).
  | { kind: 'apiKey' }
  // An API key of a tenant holding this scope (the rules API, lib/rules-api).
  | { kind: 'rulesApiKey'; scope: 'rules:read' | 'rules:write' }
  // An API key of a tenant holding this scope (the silences API, lib/silences-api).
  | { kind: 'silencesApiKey'; scope: 'silences:read' | 'silences:write' }
  // The local mail sink's installation key (DATA_DIR/mail-sink-key), used by our own dispatcher only.
  | { kind: 'mailSinkKey' }
  // The deployment's METRICS_TOKEN (env), for the Prometheus scraper; the route does not exist without it.
  | { kind: 'metricsToken' }
  // The provider's webhook: a Svix signature with RESEND_WEBHOOK_SECRET (env) over the raw body.
  | { kind: 'webhookSignature' }
  // A signed-in portal user whose role includes the audit log (lib/auth/audit-log-reach.ts); no API key stands in.
  | { kind: 'auditLogSession' }
  // `npm run bench:load`'s no-op ceiling: exists only with BENCH_NOOP_ROUTE=1 in the server's env, never in production.
  | { kind: 'benchOnly' };

const ROUTES: Record<string, Access> = {
  'POST api/incidents': { kind: 'apiKey' },
  'GET api/incidents/openapi.json': { kind: 'public', reason: 'describes the ingest API; reveals nothing about any tenant' },
  'GET api/openapi.json': { kind: 'public', reason: 'describes the whole API; reveals nothing about any tenant' },
  'GET api/rules': { kind: 'rulesApiKey', scope: 'rules:read' },
  'POST api/rules': { kind: 'rulesApiKey', scope: 'rules:write' },
  'GET api/rules/[id]': { kind: 'rulesApiKey', scope: 'rules:read' },
  'PUT api/rules/[id]': { kind: 'rulesApiKey', scope: 'rules:write' },
  'DELETE api/rules/[id]': { kind: 'rulesApiKey', scope: 'rules:write' },
  'GET api/device-groups': { kind: 'rulesApiKey', scope: 'rules:read' },
  'GET api/silences': { kind: 'silencesApiKey', scope: 'silences:read' },
  'POST api/silences': { kind: 'silencesApiKey', scope: 'silences:write' },
  'GET api/silences/[id]': { kind: 'silencesApiKey', scope: 'silences:read' },
  'PATCH api/silences/[id]': { kind: 'silencesApiKey', scope: 'silences:write' },
  'DELETE api/silences/[id]': { kind: 'silencesApiKey', scope: 'silences:write' },
  'POST api/mail-sink/emails': { kind: 'mailSinkKey' },
  'POST api/mail-sink/emails/batch': { kind: 'mailSinkKey' },
  'GET api/auth/[...nextauth]': { kind: 'public', reason: 'next-auth: sign-in, callbacks and sign-out, each checked by next-auth itself' },
  'POST api/auth/[...nextauth]': { kind: 'public', reason: 'next-auth: sign-in, callbacks and sign-out, each checked by next-auth itself' },
  'GET (auth)/sign-in/microsoft': { kind: 'public', reason: 'only redirects to the configured identity provider' },
  'GET healthz': { kind: 'public', reason: 'liveness probe for the orchestrator; answers only {"status":"ok"}' },
  'GET readyz': { kind: 'public', reason: 'readiness probe for the orchestrator; answers only ok/not-ok per check' },
  'GET metrics': { kind: 'metricsToken' },
  'POST api/bench/noop': { kind: 'benchOnly' },
  'POST api/resend/webhook': { kind: 'webhookSignature' },
  'GET (portal)/settings/audit-log/export': { kind: 'auditLogSession' },
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Handler = (request: Request) => Promise<Response> | Response;
const handlers = new Map<string, Handler>();

function routeFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return entry === 'route.ts' ? [full] : [];
  });
}

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;
let dataDir: string;

beforeAll(async () => {
  dataDir = path.join('/tmp', `route-matrix-${randomUUID()}`);
  process.env.DATA_DIR = dataDir;
  const app = path.join(process.cwd(), 'app');
  for (const file of routeFiles(app)) {
    const route = path.relative(app, path.dirname(file)).split(path.sep).join('/');
    const module: Record<string, unknown> = await import(file);
    for (const method of METHODS) {
      if (typeof module[method] === 'function') handlers.set(`${method} ${route}`, module[method] as Handler);
    }
  }
  own = await createTenant();
  other = await createTenant();
});

afterAll(() => {
  delete process.env.DATA_DIR;
});

it('every route handler has an entry in this matrix, and every entry a handler', () => {
  expect([...handlers.keys()].sort()).toEqual(Object.keys(ROUTES).sort());
});

function incidentRequest(headers: Record<string, string>, incidentId: string, claimedTenant: string) {
  const body = JSON.stringify(nativeIncident(incidentId, [nativeAlert(`${incidentId}-a`)], { sourceTenantId: claimedTenant }));
  return new Request('http://localhost/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

function sinkRequest(route: string, headers: Record<string, string>) {
  const email = { from: 'a@example.com', to: ['b@example.com'], subject: 'Matrix', html: '<p>x</p>' };
  const body = JSON.stringify(route.endsWith('batch') ? [email] : email);
  return new Request(`http://localhost/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'apiKey'))('%s', (name) => {
  const handler = () => handlers.get(name)!;

  it.each([...ROLES, null])('a portal session (%s) without a key is refused', async (role) => {
    signInAs(role ? own.users[role] : null);
    const response = await handler()(incidentRequest({}, `no-key-${randomUUID()}`, own.tenant.id));
    expect(response.status).toBe(401);
  });

  it.each(ROLES)('own tenant key, signed in as %s of the other tenant: lands in the key’s tenant only', async (role) => {
    signInAs(other.users[role]);
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    const incidentId = `matrix-${randomUUID()}`;
    // The payload claims the other tenant: the key decides.
    const response = await handler()(incidentRequest({ authorization: `Bearer ${key}` }, incidentId, other.tenant.id));
    expect(response.status).toBe(202);
    const stored = await db().incident.findMany({ where: { externalId: incidentId }, select: { tenantId: true } });
    expect(stored).toEqual([{ tenantId: own.tenant.id }]);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'rulesApiKey'))('%s', (name, access) => {
  const [method, route] = name.split(' ');
  const scope = access.kind === 'rulesApiKey' ? access.scope : 'rules:read';
  const VALID_RULE = {
    name: `Matrix ${randomUUID()}`,
    description: '',
    severities: ['high'],
    deviceGroupScope: 'all',
    sourceScope: 'all',
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [{ email: 'matrix@example.com', language: 'en' }],
  };
  // Every [id] route is asked about a rule of the session's tenant, which is not the key's.
  const call = async (headers: Record<string, string>, ruleId: string) => {
    const hasBody = method === 'POST' || method === 'PUT';
    const request = new Request(`http://localhost/${route.replace('[id]', ruleId)}`, {
      method,
      headers: { 'content-type': 'application/json', 'if-match': '*', ...headers },
      body: hasBody ? JSON.stringify(VALID_RULE) : undefined,
    });
    return (handlers.get(name)! as unknown as (r: Request, c: unknown) => Promise<Response>)(request, { params: Promise.resolve({ id: ruleId }) });
  };
  const ruleOf = async (world: World) =>
    db().notificationRule.create({ data: { tenantId: world.tenant.id, name: `Matrix ${randomUUID()}`, severities: ['high'] }, select: { id: true } });

  it.each([...ROLES, null])('a portal session (%s) without a key is refused', async (role) => {
    signInAs(role ? own.users[role] : null);
    expect((await call({}, (await ruleOf(own)).id)).status).toBe(401);
  });

  it.each(ROLES)('a key without the scope, or of another tenant, signed in as %s of the rule’s tenant, gets nothing', async (role) => {
    signInAs(other.users[role]);
    const rule = await ruleOf(other);
    const ingestOnly = await createApiKey(basicContext(other.tenant.id, other.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    expect((await call({ authorization: `Bearer ${ingestOnly.key}` }, rule.id)).status).toBe(403);
    const ownKey = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`, [scope]);
    const response = await call({ authorization: `Bearer ${ownKey.key}` }, rule.id);
    if (route.includes('[id]')) expect(response.status).toBe(404);
    else if (method === 'POST') {
      expect(response.status).toBe(201);
      expect(await db().notificationRule.findUniqueOrThrow({ where: { id: (await response.json()).id } })).toMatchObject({ tenantId: own.tenant.id });
    }
    else expect(JSON.stringify(await response.json())).not.toContain(rule.id);
    expect(await db().notificationRule.count({ where: { id: rule.id } })).toBe(1);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'silencesApiKey'))('%s', (name, access) => {
  const [method, route] = name.split(' ');
  const scope = access.kind === 'silencesApiKey' ? access.scope : 'silences:read';
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const body = () =>
    method === 'POST' ? { name: `Matrix ${randomUUID()}`, startsAt: inHours(0), endsAt: inHours(2) } : method === 'PATCH' ? { endsAt: inHours(5) } : undefined;
  // Every [id] route is asked about a silence of the session's tenant, which is not the key's.
  const call = async (headers: Record<string, string>, id: string) => {
    const payload = body();
    const request = new Request(`http://localhost/${route.replace('[id]', id)}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    return (handlers.get(name)! as unknown as (r: Request, c: unknown) => Promise<Response>)(request, { params: Promise.resolve({ id }) });
  };
  const silenceOf = async (world: World) =>
    db().silence.create({
      data: { tenantId: world.tenant.id, name: `Matrix ${randomUUID()}`, startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), createdByEmail: 'matrix@example.com' },
      select: { id: true, endsAt: true, endedAt: true },
    });

  it.each([...ROLES, null])('a portal session (%s) without a key is refused', async (role) => {
    signInAs(role ? own.users[role] : null);
    expect((await call({}, (await silenceOf(own)).id)).status).toBe(401);
  });

  it.each(ROLES)('a key without the scope, or of another tenant, signed in as %s of the silence’s tenant, gets nothing', async (role) => {
    signInAs(other.users[role]);
    const silence = await silenceOf(other);
    const rulesOnly = await createApiKey(basicContext(other.tenant.id, other.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`, ['rules:read', 'rules:write']);
    expect((await call({ authorization: `Bearer ${rulesOnly.key}` }, silence.id)).status).toBe(403);
    const ownKey = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`, [scope]);
    const response = await call({ authorization: `Bearer ${ownKey.key}` }, silence.id);
    if (route.includes('[id]')) expect(response.status).toBe(404);
    else if (method === 'POST') {
      expect(response.status).toBe(201);
      expect(await db().silence.findUniqueOrThrow({ where: { id: (await response.json()).id } })).toMatchObject({ tenantId: own.tenant.id });
    }
    else expect(JSON.stringify(await response.json())).not.toContain(silence.id);
    // The other tenant's silence is as it was.
    expect(await db().silence.findUniqueOrThrow({ where: { id: silence.id }, select: { id: true, endsAt: true, endedAt: true } })).toEqual(silence);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'mailSinkKey'))('%s', (name) => {
  const route = name.split(' ')[1];
  const handler = () => handlers.get(name)!;

  it.each([...ROLES, null])('a portal session (%s) without the sink key is refused', async (role) => {
    signInAs(role ? own.users[role] : null);
    expect((await handler()(sinkRequest(route, {}))).status).toBe(401);
  });

  it.each(ROLES)('an integration key of the tenant (signed in as %s) is not the sink key', async (role) => {
    signInAs(own.users[role]);
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    expect((await handler()(sinkRequest(route, { authorization: `Bearer ${key}` }))).status).toBe(403);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'metricsToken'))('%s', (name) => {
  const handler = () => handlers.get(name)!;
  const METRICS_TOKEN = `metrics-${randomUUID()}`;
  const scrape = (headers: Record<string, string> = {}) => handler()(new Request('http://localhost/metrics', { headers }));
  afterAll(() => {
    delete process.env.METRICS_TOKEN;
  });

  it.each([...ROLES, null])('without METRICS_TOKEN set, does not exist, for a portal session (%s) too', async (role) => {
    delete process.env.METRICS_TOKEN;
    signInAs(role ? own.users[role] : null);
    expect((await scrape()).status).toBe(404);
  });

  it.each([...ROLES, null])('with METRICS_TOKEN set, a portal session (%s) without the token is refused', async (role) => {
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    signInAs(role ? own.users[role] : null);
    expect((await scrape()).status).toBe(401);
  });

  it('an integration key of a tenant is not the metrics token; the token is', async () => {
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    expect((await scrape({ authorization: `Bearer ${key}` })).status).toBe(401);
    const response = await scrape({ authorization: `Bearer ${METRICS_TOKEN}` });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('incident_mail_ingest_requests_total');
    // Process-wide figures only: nothing that names a tenant.
    expect(text).not.toContain(own.tenant.id);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'webhookSignature'))('%s', (name) => {
  const SECRET = `whsec_${Buffer.from(randomUUID()).toString('base64')}`;
  const post = (headers: Record<string, string> = {}) =>
    handlers.get(name)!(
      new Request(`http://localhost/${name.split(' ')[1]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ type: 'email.delivered', created_at: new Date().toISOString(), data: {} }),
      }),
    );
  afterAll(() => {
    delete process.env.RESEND_WEBHOOK_SECRET;
  });

  it.each([...ROLES, null])('without RESEND_WEBHOOK_SECRET, answers 503 to a portal session (%s) too', async (role) => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    signInAs(role ? own.users[role] : null);
    expect((await post()).status).toBe(503);
  });

  it.each([...ROLES, null])('with the secret set, a portal session (%s) without a signature is refused', async (role) => {
    process.env.RESEND_WEBHOOK_SECRET = SECRET;
    signInAs(role ? own.users[role] : null);
    expect((await post()).status).toBe(401);
  });

  it('an integration key is not a signature', async () => {
    process.env.RESEND_WEBHOOK_SECRET = SECRET;
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    expect((await post({ authorization: `Bearer ${key}` })).status).toBe(401);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'benchOnly'))('%s', (name) => {
  const post = (headers: Record<string, string> = {}) =>
    handlers.get(name)!(new Request(`http://localhost/${name.split(' ')[1]}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }));

  it.each([...ROLES, null])('without BENCH_NOOP_ROUTE, does not exist, for a portal session (%s) too', async (role) => {
    delete process.env.BENCH_NOOP_ROUTE;
    signInAs(role ? own.users[role] : null);
    expect((await post()).status).toBe(404);
  });

  it('without BENCH_NOOP_ROUTE, an integration key does not reach it either', async () => {
    delete process.env.BENCH_NOOP_ROUTE;
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`);
    expect((await post({ authorization: `Bearer ${key}` })).status).toBe(404);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'auditLogSession'))('%s', (name) => {
  const route = name.split(' ')[1].replace(/^\(portal\)\//, '');
  const get = (headers: Record<string, string> = {}) => handlers.get(name)!(new Request(`http://localhost/${route}`, { headers }));
  let ownRule: string;
  beforeAll(async () => {
    ownRule = `Matrix audit ${randomUUID()}`;
    await db().auditEntry.create({
      data: { tenantId: own.tenant.id, actorEmail: 'matrix@contoso.com', action: 'rule.created', targetType: 'rule', targetId: randomUUID(), targetName: ownRule },
    });
  });

  it('refuses a caller without a session, an integration key included', async () => {
    signInAs(null);
    expect((await get()).status).toBe(401);
    const { key } = await createApiKey(basicContext(own.tenant.id, own.users.GLOBAL_ADMINISTRATOR), `Matrix ${randomUUID()}`, ['rules:read']);
    expect((await get({ authorization: `Bearer ${key}` })).status).toBe(401);
  });

  it.each(ROLES)('own tenant (Basic model), %s: the Global Administrator only', async (role) => {
    signInAs(own.users[role]);
    const response = await get();
    expect(response.status).toBe(role === 'GLOBAL_ADMINISTRATOR' ? 200 : 403);
    if (response.status === 200) expect(await response.text()).toContain(ownRule);
  });

  it.each(ROLES)('another tenant, %s: never a line of this tenant', async (role) => {
    signInAs(other.users[role]);
    const response = await get();
    expect(response.status).toBe(role === 'GLOBAL_ADMINISTRATOR' ? 200 : 403);
    expect(await response.text()).not.toContain(ownRule);
  });
});

describe.each(Object.entries(ROUTES).filter(([, access]) => access.kind === 'public'))('%s', (name, access) => {
  it('is public for a stated reason', () => {
    expect(access.kind === 'public' && access.reason.length).toBeGreaterThan(10);
  });
});

it.each(['GET healthz', 'GET readyz'])('%s answers without a session and names no tenant, user or host', async (name) => {
  signInAs(null);
  const response = await handlers.get(name)!(new Request(`http://localhost/${name.split(' ')[1]}`));
  expect(response.status).toBe(200);
  const text = await response.text();
  for (const value of [own.tenant.id, own.tenant.name, own.users.GLOBAL_ADMINISTRATOR.email, new URL(process.env.DATABASE_URL!).host]) {
    expect(text).not.toContain(value);
  }
});

it.each(['api/incidents/openapi.json', 'api/openapi.json'])('serves the OpenAPI description at /%s without a session, naming no tenant', async (route) => {
  signInAs(null);
  const response = await handlers.get(`GET ${route}`)!(new Request(`http://localhost/${route}`));
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).not.toContain(own.tenant.id);
  expect(text).not.toContain(own.tenant.name);
  // One document, whichever address it is fetched from.
  expect(JSON.parse(text).paths).toHaveProperty(['/api/rules/{id}']);
});
