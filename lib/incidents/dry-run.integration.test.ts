import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/incidents/route';
import { createApiKey } from '@/lib/data/api-keys';
import { setRuleEnabled } from '@/lib/data/rules';
import { db } from '@/lib/db/client';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';
import { dryRunResultSchema } from '@/lib/incidents/openapi/dry-run-schema';

// POST /api/incidents?dryRun=true: the same checks as ingest, then what would happen, as JSON, with
// nothing stored, registered or sent.

function post(url: string, body: unknown, key: string) {
  return new Request(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
}

// A dry run reads the rules: the key needs rules:read beside incidents:write.
const DRY_RUN_SCOPES = ['incidents:write', 'rules:read'] as const;

const counts = async (tenantId: string) => ({
  incidents: await db().incident.count({ where: { tenantId } }),
  events: await db().incidentEvent.count({ where: { tenantId } }),
  deliveries: await db().delivery.count({ where: { tenantId } }),
  groups: await db().deviceGroup.count({ where: { tenantId } }),
});

describe('POST /api/incidents?dryRun=true', () => {
  it('answers which rules and recipients it would reach, why the others would not, and the emails, storing nothing', async () => {
    const world = await createWorld();
    const { tenant, ctx } = world;
    const key = (await createApiKey(ctx, 'Dry run', DRY_RUN_SCOPES)).key;
    const every = await addRule(ctx, { name: 'Every alert', recipients: [{ email: 'soc@contoso.com', language: 'en' }, { email: 'analist@contoso.nl', language: 'nl' }] });
    const servers = await addRule(ctx, { name: 'Servers', deviceGroupScope: 'selected', deviceGroupIds: [world.groupByName('Servers').id] });
    const off = await addRule(ctx, { name: 'Off' });
    await setRuleEnabled(ctx, off.id, false);
    const before = await counts(tenant.id);

    const incident = nativeIncident('dry-1', [
      nativeAlert('dry-1a', { severity: 'high', devices: [{ name: 'pc-1', rbacGroupName: 'Clients' }] }),
      // A group the tenant does not know: a real ingest would register it, the dry run does not.
      nativeAlert('dry-1b', { severity: 'low', devices: [{ name: 'lab-1', rbacGroupName: 'Brand new lab' }] }),
    ], { displayName: 'Dry run incident' });
    const response = await POST(post('http://localhost/api/incidents?dryRun=true', incident, key));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      dryRun: true,
      incidents: [
        {
          externalId: 'dry-1',
          alertCount: 2,
          hiddenRuleCount: 0,
          rules: [
            { ruleId: every.id, matched: true, recipients: [
              { email: 'analist@contoso.nl', emailed: true, status: 'queued' },
              { email: 'soc@contoso.com', emailed: true, status: 'queued' },
            ] },
            { ruleId: off.id, matched: false, reason: 'disabled' },
            { ruleId: servers.id, matched: false, reason: 'deviceGroup' },
          ],
        },
      ],
    });
    // One email per language: the same content is rendered once.
    const emails = body.incidents[0].emails as { recipients: string[]; language: string; subject: string; text: string }[];
    expect(emails.map((email) => [email.recipients, email.language])).toEqual([[['analist@contoso.nl'], 'nl'], [['soc@contoso.com'], 'en']]);
    expect(emails[0].text).toContain('Dry run incident');
    expect(emails[1].subject).toContain('Dry run incident');
    expect(emails[0].subject).not.toEqual(emails[1].subject);
    expect(await counts(tenant.id)).toEqual(before);
    // The answer has exactly the fields the OpenAPI document promises.
    const documented = (dryRunResultSchema.properties as { incidents: { items: { required: string[] } } }).incidents.items.required;
    expect(Object.keys(body.incidents[0]).sort()).toEqual([...documented].sort());
  });

  it('refuses a dryRun value other than true or false, and a payload it cannot read, with what is wrong', async () => {
    const { ctx } = await createWorld();
    const key = (await createApiKey(ctx, 'Dry run', DRY_RUN_SCOPES)).key;
    const bad = await POST(post('http://localhost/api/incidents?dryRun=yes', nativeIncident('dry-2', [nativeAlert('dry-2a')]), key));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalidQuery' });
    const invalid = await POST(post('http://localhost/api/incidents?dryRun=true', { externalId: 'dry-3', alerts: 'none' }, key));
    expect(invalid.status).toBe(422);
  });

  it('says which emails a silence in effect now would hold back, naming it, and renders none of them', async () => {
    const world = await createWorld();
    const { tenant, ctx } = world;
    const key = (await createApiKey(ctx, 'Dry run', DRY_RUN_SCOPES)).key;
    const rule = await addRule(ctx, { name: 'Every alert', recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    const hour = 3_600_000;
    await db().silence.create({
      data: {
        tenantId: tenant.id,
        name: 'Patch night',
        deviceGroupIds: [world.groupByName('Servers').id],
        startsAt: new Date(Date.now() - hour),
        endsAt: new Date(Date.now() + hour),
        createdByEmail: 'admin@contoso.com',
      },
    });
    const onServers = nativeIncident('dry-s1', [nativeAlert('dry-s1a', { severity: 'high', devices: [{ name: 'srv-1', rbacGroupName: 'Servers' }] })]);
    const onClients = nativeIncident('dry-s2', [nativeAlert('dry-s2a', { severity: 'high', devices: [{ name: 'pc-1', rbacGroupName: 'Clients' }] })]);

    const body = await (await POST(post('http://localhost/api/incidents?dryRun=true', { incidents: [onServers, onClients] }, key))).json();
    const [held, sent] = body.incidents;
    expect(held.rules).toEqual([
      expect.objectContaining({ ruleId: rule.id, matched: true, recipients: [{ email: 'soc@contoso.com', emailed: false, reason: 'silenced', detail: 'Patch night' }] }),
    ]);
    expect(held.emails).toEqual([]);
    expect(sent.rules[0].recipients).toEqual([expect.objectContaining({ email: 'soc@contoso.com', emailed: true })]);
    expect(sent.emails).toHaveLength(1);
  });

  it('matches against the key’s own tenant only, whatever the payload says', async () => {
    const own = await createWorld();
    const other = await createWorld();
    const mine = await addRule(own.ctx, { name: 'Mine' });
    const theirs = await addRule(other.ctx, { name: 'Theirs', recipients: [{ email: 'other@fabrikam.com', language: 'en' }] });
    const key = (await createApiKey(own.ctx, 'Dry run', DRY_RUN_SCOPES)).key;
    const payload = nativeIncident('dry-5', [nativeAlert('dry-5a')], { sourceTenantId: other.tenant.microsoftTenantId });
    const body = await (await POST(post('http://localhost/api/incidents?dryRun=true', payload, key))).json();
    const ruleIds = body.incidents[0].rules.map((rule: { ruleId: string }) => rule.ruleId);
    expect(ruleIds).toEqual([mine.id]);
    expect(ruleIds).not.toContain(theirs.id);
    expect(JSON.stringify(body)).not.toContain('other@fabrikam.com');
  });

  it('refuses an ingest-only key with 403: the answer would show the rules, recipients and silences', async () => {
    const world = await createWorld();
    await addRule(world.ctx, { name: 'Secret rule', recipients: [{ email: 'ciso@contoso.com', language: 'en' }] });
    const ingestOnly = (await createApiKey(world.ctx, 'Webhook')).key;
    const before = await counts(world.tenant.id);
    const response = await POST(post('http://localhost/api/incidents?dryRun=true', nativeIncident('dry-403', [nativeAlert('dry-403a')]), ingestOnly));
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'insufficientScope', requiredScope: 'rules:read' });
    expect(text).not.toContain('ciso@contoso.com');
    expect(await counts(world.tenant.id)).toEqual(before);
  });

  it('needs the same key as ingest: none gets 401', async () => {
    const response = await POST(post('http://localhost/api/incidents?dryRun=true', nativeIncident('dry-4'), 'imk_not-a-key'));
    expect(response.status).toBe(401);
  });

  it('says how long an email would wait for more changes, and that a new High-severity alert can skip the wait', async () => {
    const world = await createWorld();
    const key = (await createApiKey(world.ctx, 'Dry run', DRY_RUN_SCOPES)).key;
    const rule = await addRule(world.ctx, { name: 'Waits', recipients: [{ email: 'soc@contoso.com', language: 'en' }] });
    await db().notificationRule.update({ where: { id: rule.id }, data: { coalesceMinutes: 10, coalesceBypassHigh: true } });
    const waitOf = async (severity: string) => {
      const response = await POST(post('http://localhost/api/incidents?dryRun=true', nativeIncident(`wait-${severity}`, [nativeAlert(`wait-${severity}-a`, { severity })]), key));
      const body = (await response.json()) as { incidents: { emails: { waitMinutes: number }[] }[] };
      return body.incidents[0]!.emails.map((email) => email.waitMinutes);
    };
    expect(await waitOf('low')).toEqual([10]);
    expect(await waitOf('high')).toEqual([0]);
  });
});
