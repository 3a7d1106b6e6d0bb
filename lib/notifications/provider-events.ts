import { db, type Tx } from '@/lib/db/client';
import type { ProviderStatus } from '@/lib/generated/prisma/client';

// What the provider tells us after it accepted an email: Resend's webhook events (and the local mail
// sink's, which are the same). Each is applied once, by its id, and events arriving out of order never
// move a delivery back: the newest event wins.

export type ProviderEventInput = {
  // The event's own id (`svix-id`): a redelivery carries the same one.
  id: string;
  type: string;
  occurredAt: Date;
  emailId: string | null;
  // The tags the dispatcher sent the email with; `delivery_id` names our delivery.
  tags: Readonly<Record<string, string>>;
  to: readonly string[];
  bounce?: { type?: string; subType?: string; message?: string } | null;
  failed?: { reason?: string } | null;
  suppressed?: { type?: string; message?: string } | null;
};

export type ProviderEventOutcome = 'applied' | 'duplicate' | 'ignored' | 'unknownDelivery' | 'older';

const STATUS_OF_EVENT: Readonly<Record<string, ProviderStatus>> = {
  'email.delivered': 'delivered',
  'email.delivery_delayed': 'delayed',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.failed': 'failed',
  'email.suppressed': 'suppressed',
};

// Two events of one instant (whole-second clocks): the one further along wins.
const PRECEDENCE: readonly ProviderStatus[] = ['delayed', 'delivered', 'failed', 'bounced', 'suppressed', 'complained'];

// The kinds of events we keep; Resend sends many more (opens, clicks, domains) when an operator subscribes.
export function isDeliveryEvent(type: string): boolean {
  return type === 'email.sent' || type in STATUS_OF_EVENT;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function applyProviderEvent(event: ProviderEventInput): Promise<ProviderEventOutcome> {
  const status = STATUS_OF_EVENT[event.type];
  const deliveryId = event.tags.delivery_id;
  return db().$transaction(async (tx) => {
    const recorded = await tx.$executeRaw`
      INSERT INTO "ProviderEvent" ("id", "type", "deliveryId", "occurredAt")
      VALUES (${event.id}, ${event.type}, ${deliveryId && UUID.test(deliveryId) ? deliveryId : null}::uuid, ${event.occurredAt})
      ON CONFLICT ("id") DO NOTHING`;
    if (recorded === 0) return 'duplicate';
    if (!status) return 'ignored';
    if (!deliveryId || !UUID.test(deliveryId)) return 'unknownDelivery';

    const delivery = await tx.delivery.findUnique({
      where: { id: deliveryId },
      select: { id: true, tenantId: true, recipientEmail: true, providerMessageId: true, providerStatus: true, providerStatusAt: true },
    });
    // A tag naming another email's delivery is not this email's news.
    if (!delivery || (delivery.providerMessageId !== null && event.emailId !== null && delivery.providerMessageId !== event.emailId)) {
      return 'unknownDelivery';
    }
    if (!isNewer(status, event.occurredAt, delivery.providerStatus, delivery.providerStatusAt)) return 'older';

    await tx.delivery.update({
      where: { id: delivery.id },
      data: { providerStatus: status, providerStatusAt: event.occurredAt, providerReason: reasonOf(event) },
    });
    await recordAddressState(tx, delivery.tenantId, delivery.recipientEmail.toLowerCase(), status, event);
    return 'applied';
  });
}

function isNewer(status: ProviderStatus, at: Date, current: ProviderStatus | null, currentAt: Date | null): boolean {
  if (current === null || currentAt === null) return true;
  if (at.getTime() !== currentAt.getTime()) return at.getTime() > currentAt.getTime();
  return PRECEDENCE.indexOf(status) > PRECEDENCE.indexOf(current);
}

// A bounce says what the receiving server answered, a failure or a suppression why the provider gave up.
function reasonOf(event: ProviderEventInput): string | null {
  const text = event.bounce?.message ?? event.failed?.reason ?? event.suppressed?.message ?? null;
  const kind = [event.bounce?.type, event.bounce?.subType ?? event.suppressed?.type].filter(Boolean).join(' / ');
  const reason = [kind, text].filter(Boolean).join(': ');
  return reason === '' ? null : reason.slice(0, 1000);
}


// An address that will not receive mail again (hard bounce, complaint, suppression) is flagged on every
// rule listing it; a later delivered email clears the flag. A soft bounce or a delay flags nothing.
async function recordAddressState(tx: Tx, tenantId: string, email: string, status: ProviderStatus, event: ProviderEventInput) {
  const permanent =
    status === 'complained' || status === 'suppressed' || (status === 'bounced' && event.bounce?.type?.toLowerCase() === 'permanent');
  if (permanent) {
    await tx.$executeRaw`
      INSERT INTO "UndeliverableAddress" ("tenantId", "email", "status", "reason", "occurredAt")
      VALUES (${tenantId}::uuid, ${email}, ${status}::"ProviderStatus", ${reasonOf(event)}, ${event.occurredAt})
      ON CONFLICT ("tenantId", "email") DO UPDATE
        SET "status" = EXCLUDED."status", "reason" = EXCLUDED."reason", "occurredAt" = EXCLUDED."occurredAt"
        WHERE "UndeliverableAddress"."occurredAt" <= EXCLUDED."occurredAt"`;
  } else if (status === 'delivered') {
    await tx.undeliverableAddress.deleteMany({ where: { tenantId, email, occurredAt: { lt: event.occurredAt } } });
  }
}

// Webhook ids are kept long enough to recognise any redelivery (Resend retries for about three days).
export async function forgetOldProviderEvents(olderThan: Date): Promise<number> {
  return db().providerEvent.deleteMany({ where: { receivedAt: { lt: olderThan } } }).then((result) => result.count);
}
