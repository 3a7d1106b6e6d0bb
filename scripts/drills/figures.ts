import { db } from '@/lib/db/client';
import { busiestSecond, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';

// What a drill counts at the end, from the two places that cannot lie to it: the database (what the app recorded)
// and the Resend stand-in (what the provider accepted, after its Idempotency-Key dedupe, and when each request came).

export type DeliveryRow = { id: string; recipientEmail: string; status: string; lastError: string | null; externalId: string | null };

export async function deliveriesOfTenant(tenantId: string): Promise<DeliveryRow[]> {
  const rows = await db().delivery.findMany({
    where: { tenantId },
    select: { id: true, recipientEmail: true, status: true, lastError: true, incident: { select: { externalId: true } } },
  });
  return rows.map(({ incident, ...row }) => ({ ...row, externalId: incident?.externalId ?? null }));
}


export function deliveryFigures(standIn: ResendStandIn, rows: DeliveryRow[]) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const perDelivery = new Map<string, number>();
  const perPair = new Map<string, number>();
  let strangers = 0;
  for (const email of standIn.accepted) {
    const row = email.deliveryId ? byId.get(email.deliveryId) : undefined;
    if (!row) {
      strangers++;
      continue;
    }
    perDelivery.set(row.id, (perDelivery.get(row.id) ?? 0) + 1);
    const pair = `${row.externalId}|${row.recipientEmail}`;
    perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
  }
  const extra = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return {
    deliveries: rows.length,
    sent: rows.filter((r) => r.status === 'sent').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    // Neither sent nor failed: still queued or claimed.
    open: rows.filter((r) => r.status === 'queued' || r.status === 'sending').length,
    emailsAccepted: standIn.accepted.length,
    // Emails accepted more than once, counted per delivery and per (incident, recipient).
    duplicatesByDelivery: extra(perDelivery),
    duplicatesByPair: extra(perPair),
    // Accepted emails that belong to no delivery of the drill's tenant.
    strangers,
    // Recorded as sent, yet the provider never accepted them.
    sentButNotAccepted: rows.filter((r) => r.status === 'sent' && !perDelivery.has(r.id)).length,
    pairs: new Set(rows.map((r) => `${r.externalId}|${r.recipientEmail}`)),
    acceptedPairs: new Set(perPair.keys()),
  };
}

export function providerFigures(standIn: ResendStandIn, limit: number) {
  const outcomes = new Map<string, number>();
  for (const request of standIn.requests) outcomes.set(request.outcome, (outcomes.get(request.outcome) ?? 0) + 1);
  return {
    providerRequests: standIn.requests.length,
    outcomes,
    busiestSecond: busiestSecond(standIn.requests.map((r) => r.at)),
    limit,
    // Refused by the stand-in's own limiter (not a scripted 429): the senders together went too fast.
    overLimit: outcomes.get('429-rate-limit') ?? 0,
  };
}

// Incidents that got a 2xx and are not in the database, and (incident, recipient) emails that never arrived.
export function lostFigures(accepted: Set<string>, recipients: string[], rows: DeliveryRow[], acceptedPairs: Set<string>) {
  const stored = new Set(rows.map((r) => r.externalId));
  const missingIncidents = [...accepted].filter((id) => !stored.has(id));
  const missingEmails = [...accepted].flatMap((id) => recipients.filter((to) => !acceptedPairs.has(`${id}|${to}`)).map((to) => `${id}|${to}`));
  return { missingIncidents, missingEmails, lost: missingIncidents.length + missingEmails.length };
}

export function printFigures(title: string, figures: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(figures).map((key) => key.length));
  const lines = Object.entries(figures).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
  console.log([`\n${title}`, ...lines].join('\n'));
}

export const formatOutcomes = (outcomes: Map<string, number>) =>
  [...outcomes].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${n}×${outcome}`).join(', ');
