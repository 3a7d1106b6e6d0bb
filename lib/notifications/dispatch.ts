import { Resend } from 'resend';
import { retryDelayMs } from '@/lib/notifications/backoff';
import { claimNextGroup, type ClaimedGroup } from '@/lib/notifications/claim';
import { composeEmails, templateRenderer, type Renderer } from '@/lib/notifications/compose';
import { loadDispatcherConfig, type DispatcherConfig } from '@/lib/notifications/config';
import { recordFailed, recordRetry, recordSent, releaseClaim, renewLease, splitRejectedBatch } from '@/lib/notifications/outcome';
import { cachedRenderer } from '@/lib/notifications/render-cache';
import { createRateLimiter, type RateLimiter } from '@/lib/notifications/rate-limiter';
import { sendRequest } from '@/lib/notifications/transport';

// The send path of one claimed group: compose, wait for a shared rate-limit slot, confirm the claim is
// still ours, send, record. Nothing here is remembered in memory between groups: the database row is the
// whole state, so any process can pick up where another stopped.

export type DispatchDeps = {
  config: DispatcherConfig;
  renderer: Renderer;
  resend: Resend;
  limiter: RateLimiter;
};

export function createDispatchDeps(config: DispatcherConfig, renderer: Renderer = templateRenderer): DispatchDeps {
  return {
    config,
    renderer: cachedRenderer(renderer),
    resend: new Resend(config.transport.apiKey, { baseUrl: config.transport.baseUrl }),
    limiter: createRateLimiter(config.transport.rateLimitKey, config.ratePerSecond),
  };
}

let processDeps: Promise<DispatchDeps> | undefined;

// For sends triggered outside the loop (test emails): configured from the environment on first use.
export function defaultDispatchDeps(): Promise<DispatchDeps> {
  processDeps ??= loadDispatcherConfig().then((config) => createDispatchDeps(config));
  processDeps.catch(() => (processDeps = undefined));
  return processDeps;
}

// Claims and sends until nothing (of `ids`, when given) is due, or `signal` asks to stop. Returns the
// number of groups handled.
export async function dispatchDue(deps: DispatchDeps, options: { ids?: readonly string[]; signal?: AbortSignal } = {}) {
  let groups = 0;
  while (!options.signal?.aborted) {
    const group = await claimNextGroup({ leaseMs: deps.config.leaseMs, batchSize: deps.config.batchSize, ids: options.ids });
    if (!group) break;
    await sendGroup(group, deps, options.signal);
    groups++;
  }
  return groups;
}

export async function sendGroup(claimed: ClaimedGroup, deps: DispatchDeps, signal?: AbortSignal): Promise<void> {
  const { config } = deps;
  const attempt = Math.max(...claimed.deliveries.map((d) => d.attempts));
  if (attempt > config.maxAttempts) {
    // Only a sender that died mid-request gets here (a recorded failure stops at maxAttempts).
    await recordFailed(claimed, `The sending process stopped during each of ${config.maxAttempts} attempts; ` +
      'the provider may or may not have accepted the email.');
    return;
  }

  let emails;
  try {
    emails = await composeEmails(claimed.deliveries, { from: config.from, timeZone: config.timeZone, renderer: deps.renderer });
  } catch (error) {
    console.error(`[dispatcher] composing ${claimed.batchKey} failed`, error);
    await recordRetry(claimed, `Could not compose the email: ${(error as Error).message}`, retryDelayMs(attempt, config.backoff), config.maxAttempts);
    return;
  }

  // The claim is renewed before waiting for a slot, not between slot and request: anything between the
  // two widens the spread of send times that the rate limiter has to absorb.
  let group = await renewLease(claimed, config.leaseMs);
  if (!group) return;
  const renewedAt = Date.now();
  try {
    await deps.limiter.acquire(signal);
  } catch (error) {
    if (!signal?.aborted) throw error;
    // Stopping before the request started: nothing is half-done, so hand the group straight back.
    await releaseClaim(group);
    return;
  }
  // A long wait for a slot (many senders, a provider's retry-after) must not leave the request outliving its lease.
  if (Date.now() - renewedAt > (config.leaseMs - config.requestTimeoutMs) / 2) {
    group = await renewLease(group, config.leaseMs);
    if (!group) return;
  }

  const outcome = await sendRequest(deps.resend, emails, group.batchKey, config.requestTimeoutMs);
  switch (outcome.kind) {
    case 'accepted':
      await recordSent(group, outcome.ids);
      return;
    case 'alreadyAccepted':
      await recordSent(group, group.deliveries.map(() => null), `Accepted by an earlier request with the same idempotency key (${outcome.error}); message id unknown.`);
      return;
    case 'rejected':
      console.warn(`[dispatcher] ${group.batchKey} rejected: ${outcome.error}`);
      if (outcome.splittable && group.deliveries.length > 1) await splitRejectedBatch(group, outcome.error);
      else await recordFailed(group, outcome.error);
      return;
    case 'retry': {
      // A 429 tells every process of the deployment to wait, not only this one.
      if (outcome.throttled) await deps.limiter.holdOff(outcome.retryAfterMs ?? 1000);
      const delay = outcome.retryAfterMs ?? retryDelayMs(attempt, config.backoff);
      console.warn(`[dispatcher] ${group.batchKey} attempt ${attempt} failed (${outcome.error}); retry in ${delay} ms`);
      await recordRetry(group, outcome.error, delay, config.maxAttempts, outcome.refund);
    }
  }
}
