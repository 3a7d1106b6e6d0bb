import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/db/client';
import { captureOutput, findLeaks, loggedEvents, type Secret } from '@/lib/security/testing/log-capture';

// Drives the code that handles secrets (ingest keys and signatures, passwords, key and signing-secret
// creation, the Resend key) through its success and failure paths while capturing everything printed,
// then searches the output for each secret. Failures include defects injected into queries that carry a
// secret: Prisma's error messages render the arguments of the failed call.

const state = vi.hoisted(() => {
  // Read by next-auth's configuration when lib/auth/auth.ts loads.
  process.env.AUTH_SECRET = `auth-secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  return {
    session: null as null | { userId: string; signedInAt: number },
    // Replaces the app's database client while set: a defect injected into the code under test.
    client: null as unknown,
    appClient: null as unknown as () => Db,
  };
});

vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
// The headers Next gives a server action of a local instance.
vi.mock('next/headers', () => ({
  cookies: async () => ({ set: vi.fn(), get: vi.fn() }),
  headers: async () => new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', 'x-request-id': 'req-from-proxy-1' }),
}));
vi.mock('@/lib/db/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/db/client')>();
  state.appClient = original.db;
  return { ...original, db: () => (state.client as Db | null) ?? original.db() };
});
// next-auth's core runs for real with our configuration, logger included (see the helper).
vi.mock('next-auth', async () =>
  (await import('@/lib/security/testing/next-auth-on-core')).nextAuthOnCore({ session: () => state.session }));

const ORIGIN = 'http://localhost:3000';

const { db } = await import('@/lib/db/client');
const { createApiKey, enableApiKeySigning, hashApiKey, revokeApiKey } = await import('@/lib/data/api-keys');
const { handleIncidentsPost } = await import('@/lib/incidents/http/handle-post');
const { addRule, createWorld, nativeIncident } = await import('@/lib/incidents/fixtures/world');
const { createTenant } = await import('@/lib/test/fixtures');
const { hashPassword } = await import('@/lib/auth/password');
const { checkCredentials } = await import('@/lib/auth/credentials');
// The app's own route, which hands next-auth's core the request on the public origin.
const handlers = await import('@/app/api/auth/[...nextauth]/route');
const { signInAction } = await import('@/lib/actions/sign-in');
const { createApiKeyAction } = await import('@/lib/actions/create-api-key');
const { enableApiKeySigningAction } = await import('@/lib/actions/enable-api-key-signing');
const { loadDispatcherConfig } = await import('@/lib/notifications/config');
const { createDispatchDeps, dispatchDue } = await import('@/lib/notifications/dispatch-round');
const { startResendStandIn } = await import('@/lib/notifications/testing/resend-stand-in');
const fixtures = await import('@/lib/notifications/testing/outbox-fixtures');
const { Prisma } = await import('@/lib/generated/prisma/client');
const { createLogger, errorFields } = await import('@/lib/observability/logger');

const secrets: Secret[] = [{ label: 'AUTH_SECRET', value: process.env.AUTH_SECRET! }];
const keep = (label: string, value: string, more: Partial<Secret> = {}) => {
  secrets.push({ label, value, ...more });
  return value;
};
// A key's display prefix (imk_ + 8 characters) is shown in the portal on purpose.
const keepKey = (label: string, key: string) => {
  keep(label, key, { publicPrefix: key.slice(0, 12) });
  keep(`${label} (hash)`, hashApiKey(key));
  keep(`${label} (bearer header)`, `Bearer ${key}`, { exact: true });
  return key;
};

let output: ReturnType<typeof captureOutput>;
// The structured log events printed so far in this test that have every field given (a RegExp matches a string field).
const eventsWith = (fields: Record<string, string | RegExp>) =>
  loggedEvents(output.text()).filter((event) =>
    Object.entries(fields).every(([key, want]) =>
      typeof want === 'string' ? event[key] === want : typeof event[key] === 'string' && want.test(event[key] as string)));
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => output.restore());
// Each test's output is searched for every secret known so far, then dropped, so a failure names its test.
afterEach(() => {
  state.client = null;
  try {
    expect(findLeaks(output.text(), secrets)).toEqual([]);
  } finally {
    output.clear();
  }
});

// A database client whose `model.operation` is called with one argument too many, as a code defect
// would: Prisma refuses before sending, with a message that renders the whole call, values included.
function defectIn(model: string, operation: string, onArgs: (args: Record<string, unknown>) => void = () => undefined): Db {
  type Call = { args: Record<string, unknown>; query: (args: unknown) => Promise<unknown> };
  const defective = ({ args, query }: Call) => {
    onArgs(args);
    return query({ ...args, defect: true });
  };
  // Typed loosely: the model and operation are chosen at run time.
  return state.appClient().$extends({ query: { [model]: { [operation]: defective } } } as never) as unknown as Db;
}

const unixNow = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('POST /api/incidents', () => {
  function post(body: string, headers: Record<string, string>) {
    return new Request(`${ORIGIN}/api/incidents`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  }
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it('prints no key, signing secret or signature, whether the request is accepted, refused or fails', async () => {
    const world = await createWorld();
    await addRule(world.ctx);
    const valid = keepKey('valid key', (await createApiKey(world.ctx, 'Valid')).key);
    const revoked = await createApiKey(world.ctx, 'Revoked');
    await revokeApiKey(world.ctx, revoked.id);
    keepKey('revoked key', revoked.key);
    const wrong = keepKey('wrong key', `imk_${randomBytes(32).toString('base64url')}`);
    const signing = await createApiKey(world.ctx, 'Signed');
    keepKey('signing key', signing.key);
    const secret = keep('signing secret', (await enableApiKeySigning(world.ctx, signing.id)).secret);
    const wrongSecret = keep('wrong signing secret', `imsig_${randomBytes(32).toString('base64url')}`);

    const body = (externalId: string) => JSON.stringify(nativeIncident(`${externalId}-${randomUUID()}`));
    const signed = (text: string, signWith = secret) => {
      const t = unixNow();
      const signature = keep('signature', hmac(signWith, t, text));
      return post(text, { ...bearer(signing.key), 'x-signature': keep('signature header', `t=${t},v1=${signature}`, { exact: true }) });
    };
    const send = (request: Request, client: () => Db = db) => handleIncidentsPost(request, { client }).then((r) => r.status);

    const replayed = signed(body('signed'));
    const replay = replayed.clone();
    const statuses = [
      await send(post(body('bearer'), bearer(valid))),
      await send(post(body('x-api-key'), { 'x-api-key': valid })),
      await send(post(body('wrong'), bearer(wrong))),
      await send(post(body('revoked'), bearer(revoked.key))),
      await send(post('{"value": [', bearer(valid))),
      await send(post(JSON.stringify({ value: [{ id: 'no-severity' }] }), bearer(valid))),
      await send(post(body('unsigned'), bearer(signing.key))),
      await send(signed(body('bad-signature'), wrongSecret)),
      // A sender that put the secret itself where the signature goes.
      await send(post(body('secret-as-signature'), { ...bearer(signing.key), 'x-signature': `t=${unixNow()},v1=${secret}` })),
      await send(replayed),
      await send(replay),
    ];
    expect(statuses).toEqual([202, 202, 401, 401, 400, 422, 401, 401, 401, 202, 401]);

    // Failures: database unreachable (503), and defects in the queries that carry the presented key's hash
    // and the claimed signature (500).
    const unreachable = () => {
      throw new Prisma.PrismaClientKnownRequestError("Can't reach database server", { code: 'P1001', clientVersion: 'test' });
    };
    expect(await send(post(body('unreachable'), bearer(valid)), unreachable)).toBe(503);
    // A key not used yet: a used one is served from the process's one-second key cache (api-keys.ts).
    const unused = keepKey('unused key', (await createApiKey(world.ctx, 'Unused')).key);
    expect(await send(post(body('defect-key'), bearer(unused)), () => defectIn('apiKey', 'findUnique'))).toBe(500);
    expect(await send(signed(body('defect-signature')), () => defectIn('seenSignature', 'createMany'))).toBe(500);

    // The failures were logged (so the search above looked at their lines), once per failed request.
    expect(eventsWith({ level: 'warn', msg: /database unavailable/ })).toHaveLength(1);
    expect(eventsWith({ level: 'error', msg: 'POST /api/incidents failed' })).toHaveLength(2);
  });
});

describe('credentials sign-in', () => {
  it('prints no password or password hash, for right and wrong passwords, throttled or failing', async () => {
    const { tenant } = await createTenant();
    const email = `leak-${randomUUID()}@contoso.com`;
    const password = keep('password', `Pa$$ w0rd/${randomBytes(6).toString('hex')}+=&?ü`);
    const wrong = keep('wrong password', `${password.slice(0, -2)}x!`);
    await db().user.create({ data: { tenantId: tenant.id, email, name: 'U', role: 'SECURITY_READER', passwordHash: await hashPassword(password) } });
    const stored = (await db().user.findUniqueOrThrow({ where: { email } })).passwordHash!;
    keep('password hash', stored, { publicPrefix: stored.slice(0, stored.lastIndexOf('$', stored.lastIndexOf('$') - 1) + 1) });

    expect(await checkCredentials(email, password, '192.0.2.10')).toMatchObject({ status: 'ok' });
    expect(await checkCredentials(email, wrong, '192.0.2.10')).toEqual({ status: 'failed' });

    // next-auth's own callback endpoint, as a browser (or an attacker) calls it.
    const csrf = await handlers.GET(new Request(`${ORIGIN}/api/auth/csrf`) as never);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    keep('CSRF token', csrfToken);
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    keep('CSRF cookie', cookie.split('=').slice(1).join('='));
    const callback = async (attempt: string) => {
      const response = await handlers.POST(new Request(`${ORIGIN}/api/auth/callback/credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '198.51.100.20' },
        body: new URLSearchParams({ email, password: attempt, csrfToken, callbackUrl: '/' }),
      }) as never);
      for (const set of response.headers.getSetCookie()) {
        if (set.includes('session-token=')) keep('session token', set.split(';')[0].split('=').slice(1).join('='));
      }
      return response.headers.get('location');
    };
    expect(await callback(password)).toBe(`${ORIGIN}/`);
    expect(await callback(wrong)).toContain('error=CredentialsSignin');

    // The portal's sign-in action, which goes through next-auth's signIn.
    expect(await signInAction({ email, password })).toMatchObject({ ok: true });
    expect(await signInAction({ email, password: wrong })).toMatchObject({ ok: false, error: 'signInFailed' });

    // The database failing during the check.
    state.client = defectIn('user', 'findUnique');
    expect(await callback(password)).toContain('error=');
    expect(await signInAction({ email, password })).toMatchObject({ ok: false });
    state.client = null;

    // Until the account is throttled, then the right password once more.
    for (let attempt = 0; attempt < 6; attempt++) await checkCredentials(email, wrong, null);
    expect(await callback(password)).toContain('code=throttled');
    expect(await signInAction({ email, password })).toMatchObject({ ok: false, error: 'signInThrottled' });

    expect(eventsWith({ authError: 'CredentialsSignin' })).not.toEqual([]);
  });
});

describe('API key and signing secret actions', () => {
  it('print neither the key nor the secret they return, also when writing them fails', async () => {
    const world = await createTenant();
    state.session = { userId: world.users.GLOBAL_ADMINISTRATOR.id, signedInAt: Date.now() };

    const created = await createApiKeyAction({ name: 'Leak test' });
    if (!created.ok) throw new Error(created.error);
    keepKey('created key', created.data.key);
    const enabled = await enableApiKeySigningAction({ id: created.data.id });
    if (!enabled.ok) throw new Error(enabled.error);
    keep('enabled signing secret', enabled.data.secret);

    // Defects in the writes that carry a new key's hash and a rotated secret.
    state.client = defectIn('apiKey', 'create', (args) => keep('key hash being written', (args.data as { keyHash: string }).keyHash));
    expect(await createApiKeyAction({ name: 'Failing' })).toEqual({ ok: false, error: 'unexpected' });
    state.client = defectIn('apiKey', 'update', (args) => keep('secret being written', (args.data as { signingSecret: string }).signingSecret));
    expect(await enableApiKeySigningAction({ id: created.data.id })).toEqual({ ok: false, error: 'unexpected' });

    const tenantId = world.tenant.id;
    const requestId = 'req-from-proxy-1';
    expect(eventsWith({ level: 'error', msg: 'action failed', action: 'createApiKey', tenantId, requestId })).toHaveLength(1);
    expect(eventsWith({ level: 'error', msg: 'action failed', action: 'enableApiKeySigning', tenantId, requestId })).toHaveLength(1);
  });
});

describe('dispatcher', () => {
  let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
  const resendKey = keep('RESEND_API_KEY', `re_${randomBytes(24).toString('base64url')}`);
  keep('RESEND_API_KEY (bearer header)', `Bearer ${resendKey}`, { exact: true });
  const wrongResendKey = keep('wrong RESEND_API_KEY', `re_${randomBytes(24).toString('base64url')}`);

  beforeAll(async () => {
    standIn = await startResendStandIn({ apiKeys: [resendKey] });
    // The SDK then logs every provider error itself too.
    process.env.RESEND_DEBUG = 'true';
  });
  afterAll(async () => {
    delete process.env.RESEND_DEBUG;
    await standIn.close();
  });

  it('prints no Resend API key when sending succeeds, is retried or is refused (5xx, 401, 403, timeout, dropped)', async () => {
    await fixtures.parkOtherDeliveries();
    const world = await createTenant();
    const depsFor = async (apiKey: string) =>
      createDispatchDeps(await loadDispatcherConfig({
        RESEND_API_KEY: apiKey,
        RESEND_BASE_URL: standIn.url,
        RESEND_RATE_LIMIT: '100',
        DELIVERY_MAX_ATTEMPTS: '2',
        DELIVERY_REQUEST_TIMEOUT_MS: '300',
        DELIVERY_BACKOFF_BASE_MS: '10',
        DELIVERY_BACKOFF_MAX_MS: '20',
      }), fixtures.countingRenderer());
    const deliver = async (apiKey: string, script: typeof standIn.script) => {
      const deps = await depsFor(apiKey);
      standIn.script.push(...script);
      const seeded = await fixtures.seedIncident(world.tenant.id);
      const ids = await fixtures.queueDeliveries(world.tenant.id, seeded, fixtures.recipients(1));
      await fixtures.drain((options) => dispatchDue(deps, options), ids);
      return (await fixtures.deliveriesOf(ids))[0];
    };

    expect(await deliver(resendKey, [])).toMatchObject({ status: 'sent' });
    expect(await deliver(resendKey, [{ kind: 'status', status: 500 }])).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await deliver(resendKey, [{ kind: 'status', status: 401 }])).toMatchObject({ status: 'failed' });
    expect(await deliver(resendKey, [{ kind: 'hang' }, { kind: 'drop' }])).toMatchObject({ status: 'failed', attempts: 2 });
    const refused = await deliver(wrongResendKey, []);
    expect(refused).toMatchObject({ status: 'failed' });
    // What the delivery log shows is no place for the key either.
    expect(findLeaks(refused.lastError ?? '', secrets)).toEqual([]);

    expect(standIn.requests.map((r) => r.apiKey)).toContain(resendKey);
    expect(eventsWith({ level: 'warn', providerError: /^500 / })).not.toEqual([]);
    expect(eventsWith({ level: 'warn', providerError: /^401 / })).not.toEqual([]);
    expect(eventsWith({ level: 'warn', providerError: /^403 / })).not.toEqual([]);
    expect(output.text()).toContain('[Resend API Error]');
  });
});

describe('the search itself', () => {
  it('finds a secret printed whole, as a fragment, base64- or URL-encoded, deep in an error, written to a stream or logged', () => {
    const key = `imk_${randomBytes(32).toString('base64url')}`;
    const password = `Pa$$ w0rd/${randomBytes(6).toString('hex')}+=&?`;
    const planted = [
      () => console.log(key),
      () => console.info(`key …${key.slice(20, 33)}…`),
      () => console.warn(encodeURIComponent(password)),
      () => console.error(new Error('failed', { cause: { request: { headers: { a: { b: { authorization: `Bearer ${key}` } } } } } })),
      () => process.stderr.write(Buffer.from(Buffer.from(password).toString('base64'))),
      () => process.stdout.write(`${createHash('sha256').update(key).digest('hex')}\n`),
      // The project's logger, in both formats: a field redaction does not know about, and an error's message.
      () => createLogger({}).info({ presented: key }, 'planted'),
      () => createLogger({ LOG_FORMAT: 'pretty' }).error(errorFields(new Error(`bad ${password}`)), 'planted'),
    ];
    const watched: Secret[] = [
      { label: 'key', value: key, publicPrefix: key.slice(0, 12) },
      { label: 'password', value: password },
      { label: 'hash', value: hashApiKey(key) },
    ];
    for (const plant of planted) {
      output.clear();
      plant();
      expect(findLeaks(output.text(), watched), plant.toString()).not.toEqual([]);
    }
    // The display prefix is shown on purpose.
    output.clear();
    console.log(`key ${key.slice(0, 12)}… revoked`);
    expect(findLeaks(output.text(), watched)).toEqual([]);
    output.clear();
  });
});
