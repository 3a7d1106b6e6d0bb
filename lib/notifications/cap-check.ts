import { createHash } from 'node:crypto';
import type { Tx } from '@/lib/db/client';
import type { CapPeriod as StoredPeriod } from '@/lib/generated/prisma/client';
import { holdInDigests, prepareDigests, type HeldEmail } from '@/lib/notifications/digest-hold';
import { errorFields, log } from '@/lib/observability/logger';
import { capDecision, emailSeverity, limitFor, periodAt, type CapSettings, type CapSeverity, type CapUse } from '@/lib/rules/caps';

// Per-recipient caps, decided when the dispatcher first claims a delivery, right after the silences (see
// silence-check.ts): what counts is what the recipient actually got, so the count is taken at the moment
// an email leaves, not at ingest. A retry or a re-claim never comes here: it may already be with the
// provider, and it was counted when first claimed.
//
// Several dispatchers may claim at once: each takes a per-(tenant, recipient) advisory lock, in one global
// order (no deadlock), before reading the counters, so two of them never both send the last allowed email.
// What a cap holds is recorded `held` and listed in a digest (digest-hold.ts): never dropped.
//
// Cost without caps: four small indexed queries per claim, and no lock. Returns the ids still to be sent, and
// how many were held.
export async function applyCaps(tx: Tx, ids: readonly string[], at: Date): Promise<{ ids: string[]; held: number }> {
  // Digests due now are claimed like any email; what their recipient may still see is settled first.
  const ready = await prepareDigests(tx, ids);
  const deliveries = await tx.delivery.findMany({
    where: { id: { in: ready }, kind: 'incident', incidentId: { not: null } },
    select: {
      id: true, tenantId: true, incidentId: true, recipientEmail: true, language: true, alertExternalIds: true, deviceGroupIds: true,
      includeOrganizationName: true, includeTenantPortalLink: true, rules: { select: { ruleId: true, ruleName: true }, orderBy: [{ ruleName: 'asc' }, { ruleId: 'asc' }] },
    },
  });
  const tenantIds = [...new Set(deliveries.map((delivery) => delivery.tenantId))];
  if (tenantIds.length === 0) return { ids: ready, held: 0 };
  const tenants = await tx.tenant.findMany({ where: { id: { in: tenantIds } } });
  const rules = await tx.notificationRule.findMany({
    where: { tenantId: { in: tenantIds }, id: { in: [...new Set(deliveries.flatMap((d) => d.rules.map((link) => link.ruleId)))] }, capPeriod: { not: null } },
  });
  const zones = new Map(tenants.flatMap((tenant) => (readableZone(tenant.id, tenant.timeZone, at) ? [[tenant.id, tenant.timeZone] as const] : [])));
  const addressCaps = new Map(tenants.map((t) => [t.id, settings(t.addressCapPeriod, [t.addressCapHigh, t.addressCapMedium, t.addressCapLow, t.addressCapInformational], t.addressDigestAtMinute)]));
  const ruleCaps = new Map(rules.map((r) => [r.id, { name: r.name, cap: settings(r.capPeriod, [r.capHigh, r.capMedium, r.capLow, r.capInformational], r.digestAtMinute) }]));
  const candidates = deliveries.filter(
    (d) => zones.has(d.tenantId) && (addressCaps.get(d.tenantId)!.period || d.rules.some((link) => ruleCaps.get(link.ruleId)?.cap.period)),
  );
  if (candidates.length === 0) return { ids: ready, held: 0 };

  const alerts = await tx.alert.findMany({
    where: { tenantId: { in: tenantIds }, incidentId: { in: [...new Set(candidates.map((d) => d.incidentId!))] } },
    select: { incidentId: true, externalId: true, severity: true },
  });
  const severities = new Map(alerts.map((alert) => [`${alert.incidentId}/${alert.externalId}`, alert.severity]));
  await lockRecipients(tx, candidates);
  const counter = await CapCounter.load(tx, candidates, at);

  const held: HeldEmail[] = [];
  for (const delivery of candidates) {
    const severity = emailSeverity(delivery.alertExternalIds.flatMap((id) => severities.get(`${delivery.incidentId}/${id}`) ?? []));
    if (!severity) continue;
    const zone = zones.get(delivery.tenantId)!;
    const use = (cap: string, settings: CapSettings, ruleName?: string): CapUse<CapKey> | null => {
      const limit = limitFor(settings, severity);
      if (limit === null) return null;
      const key: CapKey = { cap, ruleName, settings, severity, periodStart: periodAt(at, settings.period!, zone).start };
      return { key, limit, sent: counter.sent(delivery, key) };
    };
    const address = use('address', addressCaps.get(delivery.tenantId)!);
    const byRule = delivery.rules.map((link) => {
      const rule = ruleCaps.get(link.ruleId);
      return rule ? use(link.ruleId, rule.cap, rule.name) : null;
    });
    const decision = capDecision(address, byRule);
    if (decision.held) {
      held.push({ delivery, timeZone: zone, settings: decision.by.key.settings, reason: reasonOf(decision.by) });
      continue;
    }
    for (const applied of [address, ...byRule]) if (applied) counter.add(delivery, applied.key);
  }
  await counter.save();
  await holdInDigests(tx, held, at);
  const heldIds = new Set(held.map((email) => email.delivery.id));
  return { ids: ready.filter((id) => !heldIds.has(id)), held: heldIds.size };
}

type CapKey = { cap: string; ruleName?: string; settings: CapSettings; severity: CapSeverity; periodStart: Date };
type Recipient = { tenantId: string; recipientEmail: string };

function reasonOf(by: CapUse<CapKey>): HeldEmail['reason'] {
  const { cap, ruleName, settings, severity } = by.key;
  const base = { severity, limit: by.limit, period: settings.period! };
  return cap === 'address' ? { scope: 'address', ...base } : { scope: 'rule', ruleId: cap, ruleName, ...base };
}

function settings(period: StoredPeriod | null, [high, medium, low, informational]: (number | null)[], digestAtMinute: number | null): CapSettings {
  return { period, limits: { high, medium, low, informational }, digestAtMinute };
}

// A zone the runtime no longer reads (a later ICU may drop one) must not fail every claim: that tenant's
// caps then hold nothing, its emails go, and the log says why (as with silences).
function readableZone(tenantId: string, timeZone: string, at: Date): boolean {
  try {
    periodAt(at, 'day', timeZone);
    return true;
  } catch (error) {
    log().warn({ tenantId, timeZone, ...errorFields(error) }, 'caps not applied: the tenant time zone cannot be read');
    return false;
  }
}

// One advisory lock per (tenant, recipient), taken in the order of the lock keys themselves: two claimers
// then always lock in the same order and cannot deadlock, even when two keys collide.
async function lockRecipients(tx: Tx, recipients: readonly Recipient[]): Promise<void> {
  const keys = new Set(recipients.map((r) => createHash('sha256').update(`cap\n${r.tenantId}\n${r.recipientEmail}`).digest().readBigInt64BE(0)));
  for (const key of [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key}::bigint)`;
  }
}

// The recipients' counters of this claim, read once under the locks, counted in memory as emails are
// let through, and written back in one statement at the end (the locks are held until the transaction ends,
// so nobody reads them in between).
class CapCounter {
  private readonly added = new Map<string, { recipient: Recipient; key: CapKey; sent: number }>();

  private constructor(
    private readonly tx: Tx,
    private readonly counts: Map<string, number>,
  ) {}

  static async load(tx: Tx, recipients: readonly Recipient[], at: Date): Promise<CapCounter> {
    const rows = await tx.recipientCapCount.findMany({
      where: {
        tenantId: { in: [...new Set(recipients.map((r) => r.tenantId))] },
        recipientEmail: { in: [...new Set(recipients.map((r) => r.recipientEmail))] },
        // Only the current periods matter: a day starts at most 25 hours (a DST day) before `at`.
        periodStart: { gt: new Date(at.getTime() - CAP_LOOK_BACK_MS), lte: at },
      },
    });
    return new CapCounter(tx, new Map(rows.map((row) => [CapCounter.id(row, row.cap, row.severity, row.periodStart), row.sent])));
  }

  private static id(recipient: Recipient, cap: string, severity: string, periodStart: Date): string {
    return [recipient.tenantId, cap, recipient.recipientEmail, severity, periodStart.toISOString()].join('\n');
  }

  sent(recipient: Recipient, key: CapKey): number {
    return this.counts.get(CapCounter.id(recipient, key.cap, key.severity, key.periodStart)) ?? 0;
  }

  add(recipient: Recipient, key: CapKey): void {
    const id = CapCounter.id(recipient, key.cap, key.severity, key.periodStart);
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    const added = this.added.get(id) ?? { recipient, key, sent: 0 };
    added.sent++;
    this.added.set(id, added);
  }

  // One upsert for the whole claim, however many emails and recipients it counted.
  async save(): Promise<void> {
    const rows = [...this.added.values()];
    if (rows.length === 0) return;
    await this.tx.$executeRaw`
      INSERT INTO "RecipientCapCount" ("tenantId", "cap", "recipientEmail", "severity", "periodStart", "sent")
      SELECT * FROM unnest(
        ${rows.map((row) => row.recipient.tenantId)}::uuid[], ${rows.map((row) => row.key.cap)}::text[],
        ${rows.map((row) => row.recipient.recipientEmail)}::text[], ${rows.map((row) => row.key.severity)}::text[],
        -- As UTC text: the column is a timestamp without zone holding UTC, and a zone in the text is ignored.
        ${rows.map((row) => row.key.periodStart.toISOString())}::text[]::timestamp(3)[], ${rows.map((row) => row.sent)}::int[])
      ON CONFLICT ("tenantId", "cap", "recipientEmail", "severity", "periodStart")
      DO UPDATE SET "sent" = "RecipientCapCount"."sent" + EXCLUDED."sent"`;
    this.added.clear();
  }
}

// How far back a counter can still matter: the longest period is a day, and a DST day has 25 hours.
export const CAP_LOOK_BACK_MS = 26 * 3_600_000;
