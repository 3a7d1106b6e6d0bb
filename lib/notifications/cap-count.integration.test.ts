import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { pruneCapCounts } from '@/lib/notifications/cap-count-prune';
import { startDispatcher } from '@/lib/notifications/dispatch-loop';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { countingQueries } from '@/lib/notifications/testing/counting-queries';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { countingRenderer, drain, parkOtherDeliveries, queueDeliveries, recipients, seedIncident, testConfig } from '@/lib/notifications/testing/outbox-fixtures';
import { until } from '@/lib/notifications/testing/worker-process';
import { createTenant } from '@/lib/test/fixtures';

// The per-recipient cap counters (cap-check.ts): written once per claim, read through their own index,
// and pruned by the dispatcher loop once their periods are long over.

let standIn: ResendStandIn;
let world: Awaited<ReturnType<typeof createTenant>>;

beforeAll(async () => {
  standIn = await startResendStandIn();
  world = await createTenant();
  // Per address and per rule: each email counts against both caps.
  await db().tenant.update({ where: { id: world.tenant.id }, data: { timeZone: 'Europe/Amsterdam', addressCapPeriod: 'day', addressCapHigh: 50 } });
});
afterAll(() => standIn.close());
beforeEach(() => parkOtherDeliveries());

async function queueTo(email: string, rule: { id: string; name: string }): Promise<string> {
  const seeded = await seedIncident(world.tenant.id, world.groups.map((group) => group.id));
  const [id] = await queueDeliveries(world.tenant.id, seeded, [{ email }]);
  await db().deliveryRule.create({ data: { deliveryId: id, ruleId: rule.id, ruleName: rule.name, tenantId: world.tenant.id, incidentId: seeded.incident.id } });
  return id;
}

const countersOf = (emails: string[]) =>
  db().recipientCapCount.findMany({ where: { tenantId: world.tenant.id, recipientEmail: { in: emails } }, orderBy: [{ recipientEmail: 'asc' }, { cap: 'asc' }] });

it('writes the counters of a whole claim in one statement, adding to what earlier claims counted', async () => {
  const rule = await db().notificationRule.create({ data: { tenantId: world.tenant.id, name: 'Capped', severities: [], capPeriod: 'hour', capHigh: 50 } });
  const to = recipients(3).map((r) => r.email).sort();
  const ids: string[] = [];
  for (const email of to) ids.push(await queueTo(email, rule), await queueTo(email, rule));
  const clockAt = new Date('2026-03-10T10:20:00Z');
  const deps = { ...createDispatchDeps(testConfig(standIn.url, { sendLanes: 1 }), countingRenderer()), clock: () => clockAt };

  const { queries } = await countingQueries(() => drain((options) => dispatchDue(deps, options), ids));
  // Six emails, two caps each: one write, not twelve upserts.
  expect(queries.filter((query) => /INSERT INTO "(public"\.")?RecipientCapCount"/.test(query))).toHaveLength(1);
  const counted = await countersOf(to);
  const sorted = (rows: unknown[][]) => rows.map((r) => r.join(' ')).sort();
  expect(sorted(counted.map((row) => [row.recipientEmail, row.cap, row.severity, row.sent]))).toEqual(
    sorted(to.flatMap((email) => [[email, 'address', 'high', 2], [email, rule.id, 'high', 2]])),
  );
  // The hour starts at 10:00 UTC, the day at midnight in Amsterdam (23:00 UTC the day before).
  expect(counted.find((row) => row.cap === rule.id)!.periodStart).toEqual(new Date('2026-03-10T10:00:00Z'));
  expect(counted.find((row) => row.cap === 'address')!.periodStart).toEqual(new Date('2026-03-09T23:00:00Z'));

  const again = await queueTo(to[0], rule);
  await drain((options) => dispatchDue(deps, options), [again]);
  expect((await countersOf([to[0]])).map((row) => row.sent)).toEqual([3, 3]);
});

it('loads counters through the (tenant, recipient, period) index, not by scanning the cap-first primary key', async () => {
  const plan = await db().$transaction(async (tx) => {
    // The table is tiny here: without this the planner would rightly scan it; what matters is which index fits.
    await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    return tx.$queryRaw<{ 'QUERY PLAN': string }[]>`
      EXPLAIN SELECT * FROM "RecipientCapCount"
      WHERE "tenantId" = ${world.tenant.id}::uuid AND "recipientEmail" IN ('a@contoso.com', 'b@contoso.com')
        AND "periodStart" > '2026-03-09T00:00:00' AND "periodStart" <= '2026-03-10T10:20:00'`;
  });
  expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('RecipientCapCount_tenantId_recipientEmail_periodStart_idx');
});

it('prunes counters older than two days, leaves the current ones, and the dispatcher loop does it by itself', async () => {
  // Long before any other test's clock: pruning at this instant deletes only this test's rows.
  const now = new Date('1999-06-10T12:00:00Z');
  const clock = () => now;
  const email = recipients(1)[0].email;
  const row = (hoursAgo: number, cap = 'address') => ({
    tenantId: world.tenant.id, cap, recipientEmail: email, severity: 'high', periodStart: new Date(now.getTime() - hoursAgo * 3_600_000), sent: 1,
  });
  const hoursAgo = (rows: { periodStart: Date }[]) => rows.map((r) => (now.getTime() - r.periodStart.getTime()) / 3_600_000).sort((a, b) => a - b);
  await db().recipientCapCount.createMany({ data: [row(49), row(49, 'rule'), row(47), row(25), row(1)] });

  expect(await pruneCapCounts(now)).toBe(2);
  expect(hoursAgo(await countersOf([email]))).toEqual([1, 25, 47]);

  // The loop prunes at its first round, then at most every interval.
  await db().recipientCapCount.createMany({ data: [row(24 * 30)] });
  const controller = new AbortController();
  const config = testConfig(standIn.url, { capCountPruneIntervalMs: 3_600_000 });
  const dispatcher = await startDispatcher({ signal: controller.signal, config, renderer: countingRenderer(), clock });
  try {
    await until(async () => (await countersOf([email])).length === 3, 5000, 'the loop pruning');
  } finally {
    controller.abort();
    await dispatcher.done;
  }
  expect(hoursAgo(await countersOf([email]))).toEqual([1, 25, 47]);
});
