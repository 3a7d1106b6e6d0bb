import { expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { addRule, createWorld, nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// Ingest matches against a per-process copy of the tenant's rules, groups and recipient scopes
// (tenant-snapshot.ts). These changes are made with plain SQL, as another replica, the tenant CLI or an
// operator in psql would make them: nothing tells this process, only the triggers' MatchingVersion does.

async function ingest(tenantId: string, externalId: string) {
  const normalized = normalizePayload(nativeIncident(externalId, [nativeAlert(`${externalId}-a1`, { severity: 'high' })]));
  if (!normalized.ok) throw new Error(JSON.stringify(normalized.errors));
  await ingestIncidents(tenantId, normalized.incidents, new Date());
  const deliveries = await db().delivery.findMany({ where: { tenantId, incident: { externalId } }, select: { recipientEmail: true, status: true } });
  return deliveries.map((delivery) => `${delivery.recipientEmail}:${delivery.status}`).sort();
}

it('sees rule and recipient changes made by anyone, at the next ingest', async () => {
  const { tenant, ctx } = await createWorld();
  const rule = await addRule(ctx, { recipients: [{ email: 'first@contoso.com', language: 'en' }] });
  const version = async () => (await db().matchingVersion.findUnique({ where: { tenantId: tenant.id } }))?.version;
  expect(await ingest(tenant.id, 'snap-1')).toEqual(['first@contoso.com:queued']);

  // Another process adds a recipient: its trigger moves the version inside that process's transaction.
  const before = await version();
  await db().$executeRaw`
    INSERT INTO "RuleRecipient" ("id", "ruleId", "tenantId", "email", "language", "addedAt")
    VALUES (gen_random_uuid(), ${rule.id}::uuid, ${tenant.id}::uuid, 'second@contoso.com', 'nl', now() - interval '1 hour')`;
  expect(await version()).not.toEqual(before);
  expect(await ingest(tenant.id, 'snap-2')).toEqual(['first@contoso.com:queued', 'second@contoso.com:queued']);

  // ... takes high alerts out of the rule ...
  await db().$executeRaw`UPDATE "NotificationRule" SET "severities" = '{informational}' WHERE "id" = ${rule.id}::uuid`;
  expect(await ingest(tenant.id, 'snap-3')).toEqual([]);

  // ... puts them back and disables the rule ...
  await db().$executeRaw`UPDATE "NotificationRule" SET "severities" = '{high}', "enabled" = false WHERE "id" = ${rule.id}::uuid`;
  expect(await ingest(tenant.id, 'snap-4')).toEqual([]);

  // ... and enables it again: nothing of the first copy is served any longer.
  await db().$executeRaw`UPDATE "NotificationRule" SET "enabled" = true WHERE "id" = ${rule.id}::uuid`;
  expect(await ingest(tenant.id, 'snap-5')).toEqual(['first@contoso.com:queued', 'second@contoso.com:queued']);
});

it('a change that rolls back leaves the copy in use', async () => {
  const { tenant, ctx } = await createWorld();
  await addRule(ctx, { recipients: [{ email: 'kept@contoso.com', language: 'en' }] });
  expect(await ingest(tenant.id, 'rb-1')).toEqual(['kept@contoso.com:queued']);
  await db()
    .$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM "RuleRecipient" WHERE "tenantId" = ${tenant.id}::uuid`;
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  expect(await ingest(tenant.id, 'rb-2')).toEqual(['kept@contoso.com:queued']);
});

it('keeps tenants apart: one tenant’s change does not move another’s version', async () => {
  const a = await createWorld();
  const b = await createWorld();
  await addRule(a.ctx);
  await addRule(b.ctx);
  const versionOf = async (tenantId: string) => (await db().matchingVersion.findUnique({ where: { tenantId } }))?.version;
  const bBefore = await versionOf(b.tenant.id);
  await db().$executeRaw`UPDATE "NotificationRule" SET "name" = 'Renamed' WHERE "tenantId" = ${a.tenant.id}::uuid`;
  expect(await versionOf(b.tenant.id)).toEqual(bBefore);
});
