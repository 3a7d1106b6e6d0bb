import { db, type Tx } from '@/lib/db/client';

// The local mail sink's storage: what a Resend-compatible endpoint of our own received, when no
// RESEND_API_KEY is configured. Each email belongs to the tenant of the delivery it was sent for (the
// dispatcher's `delivery_id` tag) and is read through that tenant only; an email no known delivery sent
// has no tenant, and no tenant sees it.

export type SinkEmailInput = {
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  tags: { name: string; value: string }[];
  headers: Record<string, string>;
};

export type SinkEmailSummary = { id: string; from: string; to: string[]; subject: string; tags: { name: string; value: string }[]; receivedAt: string };
export type SinkEmailView = SinkEmailSummary & { html: string; text: string | null; headers: Record<string, string>; idempotencyKey: string | null };

export type StoreResult = { ok: true; ids: string[]; replayed: boolean } | { ok: false; reason: 'idempotencyKeyReused' };

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

// Stores one request's emails, or, when the same idempotency key came within 24 hours, stores nothing
// and answers as the first time (Resend's documented behaviour). A key reused with another body is refused.
export async function storeSinkEmails(emails: readonly SinkEmailInput[], idempotencyKey: string | null): Promise<StoreResult> {
  return db().$transaction(async (tx) => {
    if (idempotencyKey !== null) {
      // Two requests with one key at once: the second waits for the first and is then answered from it.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${idempotencyKey}, 5162))`;
      const earlier = await tx.sinkEmail.findMany({
        where: { idempotencyKey, receivedAt: { gte: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
        orderBy: { receivedAt: 'asc' },
      });
      if (earlier.length > 0) {
        const ids = matchReplay(emails, earlier.map((row) => ({ id: row.id, print: fingerprint(fromRow(row)) })));
        return ids ? { ok: true, ids, replayed: true } : { ok: false, reason: 'idempotencyKeyReused' };
      }
    }
    const receivedAt = new Date();
    const tenants = await tenantsOfDeliveries(tx, emails);
    const ids: string[] = [];
    for (const email of emails) {
      const deliveryId = deliveryIdOf(email);
      const row = await tx.sinkEmail.create({
        data: {
          tenantId: (deliveryId && tenants.get(deliveryId)) ?? null,
          idempotencyKey,
          fromAddress: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html ?? '',
          text: email.text,
          tags: email.tags,
          headers: email.headers,
          receivedAt,
        },
        select: { id: true },
      });
      ids.push(row.id);
    }
    return { ok: true, ids, replayed: false };
  });
}

// The tenant's emails, newest first; `before` (an email id of the same tenant) starts after that email.
export async function listSinkEmails(tenantId: string, options: { limit?: number; before?: string } = {}): Promise<SinkEmailSummary[]> {
  // Never an optional filter: without a tenant, `where: { tenantId: undefined }` would match every email.
  if (!isUuid(tenantId)) return [];
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const before = options.before && isUuid(options.before)
    ? await db().sinkEmail.findFirst({ where: { id: options.before, tenantId }, select: { id: true, receivedAt: true } })
    : null;
  const rows = await db().sinkEmail.findMany({
    where: before
      ? { tenantId, OR: [{ receivedAt: { lt: before.receivedAt } }, { receivedAt: before.receivedAt, id: { lt: before.id } }] }
      : { tenantId },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { id: true, fromAddress: true, to: true, subject: true, tags: true, receivedAt: true },
  });
  return rows.map(summary);
}

// Null for another tenant's email, as for an unknown or malformed id.
export async function getSinkEmail(tenantId: string, id: string): Promise<SinkEmailView | null> {
  if (!isUuid(tenantId) || !isUuid(id)) return null;
  const row = await db().sinkEmail.findFirst({ where: { id, tenantId } });
  if (!row) return null;
  return { ...summary(row), html: row.html, text: row.text, headers: row.headers as Record<string, string>, idempotencyKey: row.idempotencyKey };
}

// The tenant of each delivery the emails name, in one query. A tag that is not a delivery id names nothing.
async function tenantsOfDeliveries(tx: Tx, emails: readonly SinkEmailInput[]): Promise<Map<string, string>> {
  const deliveryIds = [...new Set(emails.map(deliveryIdOf).filter((id): id is string => id !== null))];
  if (deliveryIds.length === 0) return new Map();
  const deliveries = await tx.delivery.findMany({ where: { id: { in: deliveryIds } }, select: { id: true, tenantId: true } });
  return new Map(deliveries.map((delivery) => [delivery.id, delivery.tenantId]));
}

// The dispatcher's `delivery_id` tag (lib/notifications/compose.ts), lower-cased as PostgreSQL prints uuids.
function deliveryIdOf(email: SinkEmailInput): string | null {
  const value = email.tags.find((tag) => tag.name === 'delivery_id')?.value;
  return value && isUuid(value) ? value.toLowerCase() : null;
}

type Row = { id: string; fromAddress: string; to: string[]; subject: string; tags: unknown; receivedAt: Date };

function summary(row: Row): SinkEmailSummary {
  return { id: row.id, from: row.fromAddress, to: row.to, subject: row.subject, tags: row.tags as SinkEmailSummary['tags'], receivedAt: row.receivedAt.toISOString() };
}

function fromRow(row: Row & { html: string; text: string | null; headers: unknown }): SinkEmailInput {
  return { from: row.fromAddress, to: row.to, subject: row.subject, html: row.html, text: row.text, tags: row.tags as SinkEmailInput['tags'], headers: row.headers as Record<string, string> };
}

// Canonical: jsonb does not keep key order, so compare tags and headers as sorted pairs.
function fingerprint(email: SinkEmailInput): string {
  const tags = email.tags.map((tag) => [tag.name, tag.value]);
  const headers = Object.entries(email.headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([email.from, email.to, email.subject, email.html ?? '', email.text, tags, headers]);
}

// The stored emails, in the order of the new request, when both hold the same emails; null otherwise.
function matchReplay(emails: readonly SinkEmailInput[], stored: { id: string; print: string }[]): string[] | null {
  if (emails.length !== stored.length) return null;
  const pool = [...stored];
  const ids: string[] = [];
  for (const email of emails) {
    const index = pool.findIndex((row) => row.print === fingerprint(email));
    if (index < 0) return null;
    ids.push(pool.splice(index, 1)[0].id);
  }
  return ids;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
