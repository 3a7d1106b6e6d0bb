import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createApiKey } from '@/lib/data/api-keys';
import { createWorld } from '@/lib/incidents/fixtures/world';
import { GET as listSilences, POST as createSilenceRoute } from '@/app/api/silences/route';
import { DELETE as endSilenceRoute, GET as getSilenceRoute, PATCH as extendSilenceRoute } from '@/app/api/silences/[id]/route';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// The silences API as a change-management system meets it: real requests, the real database, assertions on
// what is stored (silences and audit entries). The organization's clock is Europe/Amsterdam.

type World = Awaited<ReturnType<typeof createWorld>>;
let own: World;
const keys = {} as Record<'write' | 'read' | 'rules', { key: string; prefix: string }>;
const HOUR = 3_600_000;

beforeAll(async () => {
  own = await createWorld();
  await db().tenant.update({ where: { id: own.tenant.id }, data: { timeZone: 'Europe/Amsterdam' } });
  const key = (name: string, scopes: ApiKeyScope[]) => createApiKey(own.ctx, name, scopes);
  keys.write = await key('Change board', ['silences:read', 'silences:write']);
  keys.read = await key('Dashboard', ['silences:read']);
  keys.rules = await key('Rules pipeline', ['rules:read', 'rules:write']);
});

const BASE = 'http://localhost/api/silences';
function request(url: string, method: string, { key = keys.write.key, body }: { key?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const iso = (ms: number) => new Date(ms).toISOString();

async function create(body: unknown, key?: string) {
  return createSilenceRoute(request(BASE, 'POST', { body, key }));
}

describe('silences API', () => {
  it('creates a silence from instants, named device groups and a weekly window, audited as the key', async () => {
    const now = Date.now();
    const response = await create({
      name: 'Patch Tuesday',
      comment: 'CHG-1042',
      startsAt: iso(now - HOUR),
      endsAt: iso(now + 24 * HOUR),
      deviceGroups: ['servers'],
      severities: ['low', 'medium'],
      titleContains: 'reboot',
      recurrence: { weekdays: [2], start: '22:00', end: '02:00' },
    });
    expect(response.status).toBe(201);
    const document = await response.json();
    expect(response.headers.get('location')).toBe(`/api/silences/${document.id}`);
    expect(document).toMatchObject({
      name: 'Patch Tuesday',
      comment: 'CHG-1042',
      state: 'active',
      timeZone: 'Europe/Amsterdam',
      recurrence: { weekdays: [2], start: '22:00', end: '02:00' },
      deviceGroups: ['Servers'],
      severities: ['low', 'medium'],
      titleContains: 'reboot',
      createdBy: `api-key:${keys.write.prefix}`,
      heldBackCount: 0,
    });
    // To the minute: the portal's form holds minutes.
    const stored = await db().silence.findUniqueOrThrow({ where: { id: document.id } });
    expect(stored.startsAt.getTime()).toBe(Math.floor((now - HOUR) / 60_000) * 60_000);
    expect(stored.deviceGroupIds).toEqual([own.groupByName('Servers').id]);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { tenantId: own.tenant.id, targetId: document.id } });
    expect(audit).toMatchObject({ action: 'silence.created', actorEmail: `api-key:${keys.write.prefix}` });
  });

  it('reads a wall-clock time in the organization’s time zone', async () => {
    const year = new Date().getUTCFullYear() + 1;
    // Winter in Amsterdam: UTC+1. The silence starts in the future, so it is upcoming.
    const response = await create({ name: 'Winter window', startsAt: `${year}-01-12T02:00`, endsAt: `${year}-01-12T04:00` });
    expect(response.status).toBe(201);
    const document = await response.json();
    expect(document).toMatchObject({ state: 'upcoming', startsAt: `${year}-01-12T01:00:00.000Z`, endsAt: `${year}-01-12T03:00:00.000Z` });
  });

  it('refuses what the portal refuses, by the document’s own field names', async () => {
    const now = Date.now();
    const invalid = async (body: unknown) => {
      const response = await create(body);
      expect(response.status).toBe(400);
      const answer = await response.json();
      expect(answer.error).toBe('invalidSilence');
      return answer.invalidFields.map((field: { path: string; message: string }) => `${field.path}: ${field.message}`);
    };
    expect(await invalid({ name: 'No end', startsAt: iso(now) })).toContain('endsAt: silenceEndRequired');
    expect(await invalid({ name: 'Forever', startsAt: iso(now), endsAt: iso(now + 91 * 24 * HOUR) })).toContain('endsAt: silenceTooLong');
    expect(await invalid({ name: 'Typo', startsAt: iso(now), endsAt: iso(now + HOUR), severites: ['high'] })).toContain('severites: unknownField');
    expect(await invalid({ name: 'Lab', startsAt: iso(now), endsAt: iso(now + HOUR), deviceGroups: ['No such group'] })).toContain('deviceGroups.0: deviceGroupUnknown');
    expect(await invalid({ name: 'Weekly', startsAt: iso(now), endsAt: iso(now + HOUR), recurrence: { weekdays: [], start: '25:00', end: '01:00' } })).toEqual(
      expect.arrayContaining(['recurrence.weekdays: silenceWeekdaysRequired', 'recurrence.start: silenceTimeOfDayInvalid']),
    );
    expect(await invalid({ name: 'Past', startsAt: iso(now - 3 * HOUR), endsAt: iso(now - HOUR) })).toContain('endsAt: silenceEndInPast');
    expect(await invalid({ name: 'Bad time', startsAt: 'tomorrow', endsAt: iso(now + HOUR) })).toContain('startsAt: silenceTimeInvalid');
    expect(await invalid([])).toEqual([': Expected a JSON object.']);
  });

  it('lists and reads with silences:read, extends to a later end, and ends one now', async () => {
    const now = Date.now();
    const { id } = await (await create({ name: 'Migration', startsAt: iso(now), endsAt: iso(now + 2 * HOUR) })).json();

    const listed = await (await listSilences(request(BASE, 'GET', { key: keys.read.key }))).json();
    expect(listed.timeZone).toBe('Europe/Amsterdam');
    expect(listed.silences.map((silence: { id: string }) => silence.id)).toContain(id);
    expect((await getSilenceRoute(request(`${BASE}/${id}`, 'GET', { key: keys.read.key }), params(id))).status).toBe(200);
    // Reading is not changing.
    expect((await endSilenceRoute(request(`${BASE}/${id}`, 'DELETE', { key: keys.read.key }), params(id))).status).toBe(403);
    // A rules key is not a silences key.
    expect((await listSilences(request(BASE, 'GET', { key: keys.rules.key }))).status).toBe(403);

    const later = iso(now + 5 * HOUR);
    const extended = await extendSilenceRoute(request(`${BASE}/${id}`, 'PATCH', { body: { endsAt: later } }), params(id));
    expect(extended.status).toBe(200);
    expect((await db().silence.findUniqueOrThrow({ where: { id } })).endsAt.getTime()).toBe(Math.floor(Date.parse(later) / 60_000) * 60_000);
    const earlier = await extendSilenceRoute(request(`${BASE}/${id}`, 'PATCH', { body: { endsAt: iso(now + HOUR) } }), params(id));
    expect(await earlier.json()).toMatchObject({ invalidFields: [{ path: 'endsAt', message: 'silenceExtendNotLater' }] });
    const renamed = await extendSilenceRoute(request(`${BASE}/${id}`, 'PATCH', { body: { endsAt: later, name: 'Other' } }), params(id));
    expect(renamed.status).toBe(400);

    const ended = await endSilenceRoute(request(`${BASE}/${id}`, 'DELETE'), params(id));
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ id, state: 'expired' });
    expect((await db().silence.findUniqueOrThrow({ where: { id } })).endedAt).not.toBeNull();
    expect((await endSilenceRoute(request(`${BASE}/${id}`, 'DELETE'), params(id))).status).toBe(409);
    expect((await getSilenceRoute(request(`${BASE}/not-an-id`, 'GET'), params('not-an-id'))).status).toBe(404);
  });
});
