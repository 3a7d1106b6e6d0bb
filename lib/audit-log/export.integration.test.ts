import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/(portal)/settings/audit-log/export/route';
import { createRbacRole, setUserRbacRoles } from '@/lib/data/rbac-roles';
import { createRule, updateRule } from '@/lib/data/rules';
import { db } from '@/lib/db/client';
import { basicContext, createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { RuleInput } from '@/lib/validation/rule';

// GET /settings/audit-log/export through its route handler, with a session as the browser would carry it:
// who gets a file, what is in it, and in which language.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));

type World = Awaited<ReturnType<typeof createTenant>>;
const unique = (label: string) => `${label} ${randomUUID().slice(0, 8)}`;

const ruleInput = (name: string, groups: string[] | 'all', description = ''): RuleInput => ({
  name,
  description,
  severities: ['high'],
  deviceGroupScope: groups === 'all' ? 'all' : 'selected',
  deviceGroupIds: groups === 'all' ? [] : groups,
  sourceScope: 'all',
  sources: [],
  oneNotificationPerIncident: false,
  includeOrganizationName: false,
  includeTenantPortalLink: false,
  recipients: [{ email: 'soc@contoso.com', language: 'en' }],
});

const exportOf = (query = '', headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/settings/audit-log/export${query}`, { headers }));

let world: World;
let other: World;
const hostile = `=HYPERLINK("http://evil.example","Ransom ${randomUUID().slice(0, 4)}")`;
let insideRule: { id: string; name: string };
let outsideRule: { id: string; name: string };

beforeAll(async () => {
  world = await createTenant();
  other = await createTenant();
  const admin = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
  insideRule = { name: unique('Inside "quoted", rule'), ...(await createRule(admin, ruleInput(unique('x'), [world.groups[0].id]))) };
  await updateRule(admin, insideRule.id, ruleInput(insideRule.name, [world.groups[0].id], 'Line one\nline two'));
  outsideRule = { name: hostile, ...(await createRule(admin, ruleInput(hostile, [world.groups[1].id]))) };
  await createRule(basicContext(other.tenant.id, other.users.GLOBAL_ADMINISTRATOR), ruleInput(unique('Other tenant'), 'all'));
});

describe('who gets a file', () => {
  it('answers 401 without a session', async () => {
    signInAs(null);
    const response = await exportOf();
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(insideRule.name);
  });

  it.each(['SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'] as const)('answers 403 to a %s of a Basic organization', async (role) => {
    signInAs(world.users[role]);
    expect((await exportOf()).status).toBe(403);
  });

  it('answers 401 to a session issued before the user’s sessions were voided', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    await db().user.update({ where: { id: world.users.SECURITY_OPERATOR.id }, data: { sessionsValidAfter: new Date(Date.now() + 60_000) } });
    signInAs(world.users.SECURITY_OPERATOR);
    expect((await exportOf()).status).toBe(401);
  });
});

describe('the file of a Global Administrator', () => {
  it('is an attachment of UTF-8 CSV with a byte order mark, every entry of the tenant and no other', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const response = await exportOf();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('"Time (UTC)","Changed by","Action","Target type","Target","Target ID","Changes"');
    expect(text).not.toContain('Other tenant');
    // Three entries, newest first; a name with quotes and commas stays one cell, a formula stays text.
    expect(text).toContain(`"Rule created","Rule","'${hostile.replace(/"/g, '""')}","${outsideRule.id}"`);
    expect(text).toContain(`"Rule changed","Rule","${insideRule.name.replace(/"/g, '""')}","${insideRule.id}","Name: x`);
    expect(text).toContain('Description: — → Line one\nline two"');
    expect(lines.at(-1)).toBe('');
  });

  it('applies the page’s filters, and refuses a malformed one with the field named', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const filtered = await (await exportOf(`?targetType=rule&targetId=${insideRule.id}`)).text();
    expect(filtered.split('\r\n').filter(Boolean)).toHaveLength(1 + 2);
    expect(filtered).not.toContain('HYPERLINK');
    // (Response.text() decodes as UTF-8 and drops the byte order mark, which the first test checks in the bytes.)
    expect(await (await exportOf('?actor=nobody-at-all')).text()).toBe('"Time (UTC)","Changed by","Action","Target type","Target","Target ID","Changes"\r\n');

    const bad = await exportOf('?from=2026-02-30&targetType=planet');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalidFilter',
      message: 'Some filters were ignored',
      fields: { from: 'Expected a date as YYYY-MM-DD.', targetType: 'Target: choose one of the listed targets.' },
    });
    // Year 0000 is not PostgreSQL's: refused as a filter, not a failed query (it was a 500).
    const yearZero = await exportOf('?from=0000-01-01');
    expect(yearZero.status).toBe(400);
    expect((await yearZero.json()).fields).toEqual({ from: 'Expected a date as YYYY-MM-DD.' });
    const reversed = await exportOf('?from=2026-12-06&to=2026-12-01');
    expect((await reversed.json()).fields).toEqual({ to: 'The “From” date must be on or before the “To” date.' });
  });

  it('speaks the language the portal is shown in', async () => {
    signInAs(world.users.GLOBAL_ADMINISTRATOR);
    const text = await (await exportOf('', { cookie: 'other=1; NEXT_LOCALE=nl' })).text();
    expect(text).toContain('"Tijd (UTC)","Gewijzigd door","Actie"');
    expect(text).toContain('"Regel gewijzigd","Regel"');
  });
});

describe('the file of a user limited to some device groups (RBAC)', () => {
  it('holds the entries of their rules only, and says how many it left out', async () => {
    const admin = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
    await db().tenant.update({ where: { id: world.tenant.id }, data: { permissionsModel: 'RBAC' } });
    const role = await createRbacRole(admin, { name: unique('Viewers'), description: '', permissions: ['viewIncidents'], deviceGroupIds: [world.groups[0].id] });
    await setUserRbacRoles(admin, world.users.SECURITY_READER.id, [role.id]);
    signInAs(world.users.SECURITY_READER);
    const response = await exportOf();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(insideRule.id);
    expect(text).not.toContain(outsideRule.id);
    expect(text).not.toContain('HYPERLINK');
    expect(text).not.toContain(role.id);
    // The outside rule's creation, the role's creation and the reader's role assignment.
    expect(response.headers.get('x-audit-log-hidden-entries')).toBe('3');
  });

  it('answers 403 to an RBAC user without a role, whatever their directory role', async () => {
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    expect((await exportOf()).status).toBe(403);
  });
});
