import type { Tx } from '@/lib/db/client';
import type { Language } from '@/lib/generated/prisma/client';
import { recheckRecipientAccess } from '@/lib/notifications/recheck-access';
import { digestSendAt, type CapSettings, type HeldReason } from '@/lib/rules/caps';

// Digests: what a recipient's caps held back, in one email per send time. Held deliveries point to the
// digest (digestId); the digest is an ordinary queued delivery (kind digest) whose nextAttemptAt is its send
// time, so it survives restarts and is claimed by whichever dispatcher is running then.

export type HeldEmail = {
  delivery: {
    id: string;
    tenantId: string;
    recipientEmail: string;
    language: Language;
    deviceGroupIds: string[];
    includeOrganizationName: boolean;
    includeTenantPortalLink: boolean;
    rules: { ruleId: string; ruleName: string }[];
  };
  timeZone: string;
  settings: CapSettings; // of the cap that held it: when its digest goes out
  reason: HeldReason;
};

// Marks the emails held and puts each in its recipient's digest for its send time, found or created.
// Called under the recipient's advisory lock (cap-check.ts), so two claimers never create two digests for
// one send time; the digest row is locked too, so a dispatcher claiming that digest right now is waited for.
export async function holdInDigests(tx: Tx, held: readonly HeldEmail[], at: Date): Promise<void> {
  const bySendTime = new Map<string, { sendAt: Date; emails: HeldEmail[] }>();
  for (const email of held) {
    const sendAt = digestSendAt(email.settings, at, email.timeZone);
    const key = [email.delivery.tenantId, email.delivery.recipientEmail, sendAt.toISOString()].join('\n');
    const entry = bySendTime.get(key) ?? { sendAt, emails: [] };
    entry.emails.push(email);
    bySendTime.set(key, entry);
  }
  for (const { sendAt, emails } of bySendTime.values()) {
    const digestId = await digestFor(tx, emails, sendAt);
    for (const { delivery, reason } of emails) {
      await tx.delivery.update({ where: { id: delivery.id }, data: { status: 'held', heldReason: reason, digestId } });
    }
    // The digest carries its items' rules and groups, so the delivery log shows it to whoever may see them.
    await tx.deliveryRule.createMany({
      data: emails.flatMap(({ delivery }) => delivery.rules.map((link) => ({ deliveryId: digestId, ruleId: link.ruleId, ruleName: link.ruleName, tenantId: delivery.tenantId }))),
      skipDuplicates: true,
    });
  }
}

async function digestFor(tx: Tx, emails: readonly HeldEmail[], sendAt: Date): Promise<string> {
  const { tenantId, recipientEmail, language } = emails[0].delivery;
  const groups = emails.flatMap(({ delivery }) => delivery.deviceGroupIds);
  const organizationName = emails.some(({ delivery }) => delivery.includeOrganizationName);
  const found = await tx.delivery.findFirst({
    where: { tenantId, recipientEmail, kind: 'digest', status: 'queued', batchKey: null, nextAttemptAt: sendAt },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  // Re-read under a row lock: a dispatcher that is claiming this digest right now holds it, and once it
  // commits the digest is no longer open (it has a batch key), so these emails go into a new one.
  const open = found
    ? await tx.$queryRaw<{ id: string; deviceGroupIds: string[]; includeOrganizationName: boolean }[]>`
        SELECT "id", "deviceGroupIds", "includeOrganizationName" FROM "Delivery"
        WHERE "id" = ${found.id}::uuid AND "status" = 'queued' AND "batchKey" IS NULL FOR UPDATE`
    : [];
  if (open.length === 1) {
    const [digest] = open;
    await tx.delivery.update({
      where: { id: digest.id },
      data: {
        deviceGroupIds: [...new Set([...digest.deviceGroupIds, ...groups])],
        includeOrganizationName: digest.includeOrganizationName || organizationName,
      },
    });
    return digest.id;
  }
  const digest = await tx.delivery.create({
    data: {
      tenantId,
      kind: 'digest',
      recipientEmail,
      language,
      includeOrganizationName: organizationName,
      // Each listed incident's link follows its own email's option; this one is only the digest's summary.
      includeTenantPortalLink: emails.some(({ delivery }) => delivery.includeTenantPortalLink),
      alertExternalIds: [],
      deviceGroupIds: [...new Set(groups)],
      nextAttemptAt: sendAt,
    },
    select: { id: true },
  });
  return digest.id;
}

// At a digest's claim: what its recipient may no longer see is left out (recheck-access.ts marks such an
// item `filtered`; the digest counts it), and a digest with nothing left to list is not sent. Returns the
// ids still to be sent.
export async function prepareDigests(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const digests = await tx.delivery.findMany({ where: { id: { in: [...ids] }, kind: 'digest' }, select: { id: true } });
  if (digests.length === 0) return [...ids];
  const items = await tx.delivery.findMany({
    where: { digestId: { in: digests.map((digest) => digest.id) }, status: 'held' },
    select: { id: true, digestId: true },
  });
  const visible = new Set(await recheckRecipientAccess(tx, items.map((item) => item.id)));
  const listing = new Set(items.filter((item) => visible.has(item.id)).map((item) => item.digestId));
  const empty = digests.filter((digest) => !listing.has(digest.id)).map((digest) => digest.id);
  if (empty.length > 0) {
    await tx.delivery.updateMany({ where: { id: { in: empty } }, data: { status: 'filtered', filterReason: 'digestEmpty' } });
  }
  return ids.filter((id) => !empty.includes(id));
}
