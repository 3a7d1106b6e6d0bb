import { Resend } from 'resend';
import { claimNextGroup } from '@/lib/notifications/claim';
import { templateRenderer, type Renderer } from '@/lib/notifications/compose';
import { loadDispatcherConfig, type DispatcherConfig } from '@/lib/notifications/config';
import { cachedRenderer } from '@/lib/notifications/render-cache';
import { createRateLimiter, type RateLimiter } from '@/lib/notifications/rate-limiter';
import { sendGroup, type SendSignals } from '@/lib/notifications/send-group';

// Claims due work and sends it, group by group (send-group.ts). Nothing here is remembered in memory
// between groups, except what the provider announced about its rate: the database row is the whole state,
// so any process can pick up where another stopped.

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

// Claims and sends until nothing (of `ids`, when given) is due, or `signal` asks to stop, in
// `config.sendLanes` lanes at once (each claim takes other rows: SKIP LOCKED). Returns the number of groups
// handled. A lane that fails stops the others from claiming more; the error is the round's.
export async function dispatchDue(
  deps: DispatchDeps,
  options: { ids?: readonly string[]; signal?: AbortSignal; interrupt?: AbortSignal } = {},
) {
  const signals: SendSignals = { stop: options.signal, interrupt: options.interrupt };
  let groups = 0;
  let failed = false;
  const lane = async () => {
    while (!options.signal?.aborted && !failed) {
      const group = await claimNextGroup({ leaseMs: deps.config.leaseMs, batchSize: deps.config.batchSize, ids: options.ids });
      if (!group) return;
      await sendGroup(group, deps, signals);
      groups++;
    }
  };
  const lanes = Array.from({ length: Math.max(1, deps.config.sendLanes) }, () =>
    lane().catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  return groups;
}
