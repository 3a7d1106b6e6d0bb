import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { canActOn, canSee } from '@/lib/auth/authorize';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { defaultDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { queueTestDeliveries } from '@/lib/notifications/queue';
import { sleep } from '@/lib/notifications/rate-limiter';
import { reserveTestEmails, testEmailLimits, type TestEmailLimits } from '@/lib/notifications/test-email-limits';
import { errorFields, log } from '@/lib/observability/logger';
import type { Language } from '@/lib/i18n/languages';
import { SafeError, notFound } from '@/lib/safe-error';
import { draftTestEmailSchema } from '@/lib/validation/test-email';

// "Send test email": the same outbox and dispatcher as real notifications (rate limit, retries,
// idempotency, the delivery log), so a test proves the path a real incident email will take. The
// caller waits a bounded time for the outcome; what is not final by then stays queued and is sent later.
// Each user and each tenant may send only so many per hour (test-email-limits.ts), and real notifications
// due at the same time go first (claim.ts).

export type TestEmailResult = { email: string; status: 'sent' | 'failed' | 'queued'; error?: string };
export type TestSendOptions = { deps?: DispatchDeps; waitMs?: number; limits?: TestEmailLimits };

type Recipient = { email: string; language: Language };
type RuleOptions = { includeOrganizationName: boolean; includeTenantPortalLink: boolean };

const DEFAULT_WAIT_MS = 20_000;

export async function sendTestEmail(ctx: TenantContext, ruleId: string, options: TestSendOptions = {}): Promise<TestEmailResult[]> {
  if (!z.uuid().safeParse(ruleId).success) throw notFound();
  const rule = await db().notificationRule.findFirst({
    where: { id: ruleId, tenantId: ctx.tenantId },
    select: {
      id: true,
      name: true,
      includeOrganizationName: true,
      includeTenantPortalLink: true,
      allDeviceGroups: true,
      deviceGroups: { select: { deviceGroupId: true } },
      recipients: { where: { tenantId: ctx.tenantId }, select: { email: true, language: true }, orderBy: { email: 'asc' } },
    },
  });
  if (!rule) throw notFound();
  // Same reach as editing: a rule outside the actor's groups does not exist for them, and one partly
  // outside them is read-only.
  const scope = { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId) };
  if (!canSee(ctx.actor, 'rules.view', scope)) throw notFound();
  if (!canActOn(ctx.actor, 'rules.sendTestEmail', scope)) throw new SafeError('ruleReadOnly');
  return queueAndWait(ctx, { id: rule.id, name: rule.name }, rule.recipients, rule, options);
}


// The wizard's Recipients step, before the rule exists. The delivery is linked to a fresh rule id that
// names no rule: the delivery log keeps the draft's name, and nothing points at a rule that is not there.
export async function sendTestEmailToRecipients(
  ctx: TenantContext,
  input: { ruleName: string; recipients: Recipient[]; options: RuleOptions },
  options: TestSendOptions = {},
): Promise<TestEmailResult[]> {
  const parsed = draftTestEmailSchema.safeParse(input);
  if (!parsed.success) throw new SafeError('invalidInput');
  const draft = parsed.data;
  return queueAndWait(ctx, { id: randomUUID(), name: draft.ruleName }, draft.recipients, draft.options, options);
}

async function queueAndWait(
  ctx: TenantContext,
  rule: { id: string; name: string },
  recipients: readonly Recipient[],
  ruleOptions: RuleOptions,
  options: TestSendOptions,
): Promise<TestEmailResult[]> {
  if (recipients.length === 0) return [];
  const limits = options.limits ?? testEmailLimits();
  const ids = await db().$transaction(async (tx) => {
    await reserveTestEmails(tx, ctx, recipients.length, limits);
    return queueTestDeliveries(tx, { tenantId: ctx.tenantId, requestedById: ctx.userId, rule, recipients, options: ruleOptions });
  });
  const deps = options.deps ?? (await defaultDispatchDeps());
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let sending: Promise<void> | null = null;
  for (;;) {
    // Sent from this process, not left to a dispatcher poll (nor dependent on one running). Not awaited:
    // the caller's wait is bounded even when the provider is slow, and a send still running at the
    // deadline finishes in the background and records its outcome like any other.
    sending ??= dispatchDue(deps, { ids })
      .then(() => undefined, (error) => log().error({ tenantId: ctx.tenantId, ...errorFields(error) }, 'test email dispatch failed'))
      .finally(() => (sending = null));
    await Promise.race([sending, sleep(200)]);
    const current = await db().delivery.findMany({
      where: { id: { in: ids }, tenantId: ctx.tenantId },
      select: { id: true, recipientEmail: true, status: true, lastError: true },
    });
    const done = current.every((row) => row.status === 'sent' || row.status === 'failed');
    if (done || Date.now() >= deadline) return ids.flatMap((id) => current.filter((row) => row.id === id).map(result));
    // A retry is scheduled (or another process holds the claim): look again shortly.
    await sleep(Math.min(200, Math.max(0, deadline - Date.now())));
  }
}

function result(row: { recipientEmail: string; status: string; lastError: string | null }): TestEmailResult {
  if (row.status === 'sent') return { email: row.recipientEmail, status: 'sent' };
  if (row.status === 'failed') return { email: row.recipientEmail, status: 'failed', error: row.lastError ?? 'Failed' };
  return { email: row.recipientEmail, status: 'queued', ...(row.lastError ? { error: row.lastError } : {}) };
}
