import { retryDelayMs } from '@/lib/notifications/backoff';
import { PROVIDER_IDEMPOTENCY_WINDOW_HOURS, type ClaimedGroup } from '@/lib/notifications/claim';
import { renderEmails } from '@/lib/notifications/compose';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';
import { loadGroupContext } from '@/lib/notifications/email-context';
import { recordFailed, recordRetry, recordSent, releaseClaim, renewLease, splitRejectedBatch } from '@/lib/notifications/outcome';
import { sendRequest, type OutgoingEmail, type SendOutcome } from '@/lib/notifications/transport';
import { errorFields, log } from '@/lib/observability/logger';

// The send path of one claimed group: load and compose, wait for a shared rate-limit slot, confirm the
// claim is still ours, send, record.
//
// An attempt counts a provider request that may have reached the provider. Whatever fails before the
// request starts (the database, mostly) gives the attempt back. What is stored in `lastError` is shown in
// the delivery log: it is our own words or the provider's answer, never an exception's message, which may
// name a database host or another tenant's delivery; those go to the log.

export const COMPOSE_FAILED = 'Could not compose the email. The server log has the details.';
export const IDEMPOTENCY_EXPIRED =
  `Not sent again: an earlier attempt may have been accepted by the provider more than ${PROVIDER_IDEMPOTENCY_WINDOW_HOURS - 1} hours ago, ` +
  `and the provider recognises a repeated request for only ${PROVIDER_IDEMPOTENCY_WINDOW_HOURS} hours, so sending it again could deliver it twice. ` +
  'Check with the recipient whether it arrived.';

export type SendSignals = {
  // Stop: a group not yet in a request goes back to the queue untouched.
  stop?: AbortSignal;
  // Stop now: a request in flight is abandoned too (recorded as a retry under the same key).
  interrupt?: AbortSignal;
};

export async function sendGroup(claimed: ClaimedGroup, deps: DispatchDeps, signals: SendSignals = {}): Promise<void> {
  const { config } = deps;
  const attempt = Math.max(...claimed.deliveries.map((d) => d.attempts));
  if (attempt > config.maxAttempts) {
    // Only a sender that died mid-request gets here (a recorded failure stops at maxAttempts).
    await recordFailed(claimed, `The sending process stopped during each of ${config.maxAttempts} attempts; ` +
      'the provider may or may not have accepted the email.');
    return;
  }
  if (claimed.beyondIdempotencyWindow) {
    log().warn({ batchKey: claimed.batchKey }, 'not re-sending a request older than the provider idempotency window');
    await recordFailed(claimed, IDEMPOTENCY_EXPIRED);
    return;
  }

  let context;
  try {
    context = await loadGroupContext(claimed.deliveries);
  } catch (error) {
    await giveBack(claimed, error, attempt, deps);
    return;
  }
  let emails: OutgoingEmail[];
  try {
    emails = await renderEmails(claimed.deliveries, context, { from: config.from, timeZone: config.timeZone, renderer: deps.renderer });
  } catch (error) {
    // A render that fails fails again: it counts, so the delivery fails for good once attempts are spent.
    log().error({ batchKey: claimed.batchKey, ...errorFields(error) }, 'composing failed');
    await recordRetry(claimed, COMPOSE_FAILED, retryDelayMs(attempt, config.backoff), config.maxAttempts);
    return;
  }

  const group = await reserveSlot(claimed, deps, attempt, signals.stop);
  if (!group) return;
  const outcome = await sendRequest(deps.resend, emails, group.batchKey, { timeoutMs: config.requestTimeoutMs, interrupt: signals.interrupt });
  await record(group, outcome, attempt, deps);
  try {
    await deps.limiter.observe(outcome.rate);
  } catch (error) {
    log().warn({ batchKey: group.batchKey, ...errorFields(error) }, 'could not share the provider rate announcement');
  }
}

// Renews the claim and waits for a rate-limit slot. Null when the group was handed back (stopping, the
// database failed) or lost; nothing was sent then.
async function reserveSlot(claimed: ClaimedGroup, deps: DispatchDeps, attempt: number, stop?: AbortSignal): Promise<ClaimedGroup | null> {
  const { config } = deps;
  let group: ClaimedGroup | null = claimed;
  try {
    // Renewed before waiting for a slot, not between slot and request: anything between the two widens
    // the spread of send times that the rate limiter has to absorb.
    group = await renewLease(group, config.leaseMs);
    if (!group) return null;
    const renewedAt = Date.now();
    await deps.limiter.acquire(stop);
    // A long wait for a slot (many senders, a provider's retry-after) must not leave the request outliving its lease.
    if (Date.now() - renewedAt > (config.leaseMs - config.requestTimeoutMs) / 2) group = await renewLease(group, config.leaseMs);
    return group;
  } catch (error) {
    if (!group) return null;
    // Stopping before the request started: nothing is half-done, so hand the group straight back.
    if (stop?.aborted) await releaseClaim(group);
    else await giveBack(group, error, attempt, deps);
    return null;
  }
}

// Nothing was sent: back to the queue with the attempt returned, after a backoff so a database in trouble
// is not hammered. If even that write fails, the lease runs out and the group is claimed again.
async function giveBack(group: ClaimedGroup, error: unknown, attempt: number, deps: DispatchDeps): Promise<void> {
  log().error({ batchKey: group.batchKey, ...errorFields(error) }, 'failed before the provider request; giving the attempt back');
  try {
    await releaseClaim(group, retryDelayMs(attempt, deps.config.backoff));
  } catch (releaseError) {
    log().error({ batchKey: group.batchKey, ...errorFields(releaseError) }, 'could not hand the claim back; it returns when its lease ends');
  }
}

async function record(group: ClaimedGroup, outcome: SendOutcome, attempt: number, deps: DispatchDeps): Promise<void> {
  const { config } = deps;
  switch (outcome.kind) {
    case 'accepted':
      await recordSent(group, outcome.ids);
      return;
    case 'alreadyAccepted':
      await recordSent(group, group.deliveries.map(() => null), `Accepted by an earlier request with the same idempotency key (${outcome.error}); message id unknown.`);
      return;
    case 'rejected':
      log().warn({ batchKey: group.batchKey, providerError: outcome.error }, 'provider rejected the request');
      if (outcome.splittable && group.deliveries.length > 1) await splitRejectedBatch(group, outcome.error);
      else await recordFailed(group, outcome.error);
      return;
    case 'retry': {
      // A 429 tells every process of the deployment to wait, not only this one.
      if (outcome.throttled) await deps.limiter.holdOff(outcome.retryAfterMs ?? 1000);
      const delay = outcome.retryAfterMs ?? retryDelayMs(attempt, config.backoff);
      log().warn({ batchKey: group.batchKey, attempt, providerError: outcome.error, retryInMs: delay }, 'provider request failed; will retry');
      await recordRetry(group, outcome.error, delay, config.maxAttempts, outcome.refund);
    }
  }
}
