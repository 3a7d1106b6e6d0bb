import { claimNextGroup } from '@/lib/notifications/claim';
import { templateRenderer, type Renderer } from '@/lib/notifications/compose';
import { loadDispatcherConfig, type DispatcherConfig } from '@/lib/notifications/config';
import { cachedRenderer } from '@/lib/notifications/render-cache';
import { createRateLimiter } from '@/lib/notifications/rate-limiter';
import { sendGroup, type SendSignals } from '@/lib/notifications/send-group';
import { resendClient } from '@/lib/notifications/transport';
import type { DispatchDeps } from '@/lib/notifications/dispatch-deps';

// One dispatch round: claims due work and sends it, group by group (send-group.ts), until nothing is due.
// Nothing here is remembered in memory between groups, except what the provider announced about its rate:
// the database row is the whole state, so any process can pick up where another stopped.
// dispatch-loop.ts runs rounds for as long as the process lives; dispatcher-process.ts wires that loop to
// the process (start, SIGTERM, grace period).

export function createDispatchDeps(config: DispatcherConfig, renderer: Renderer = templateRenderer): DispatchDeps {
  return {
    config,
    renderer: cachedRenderer(renderer),
    resend: resendClient(config.transport),
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
//
// One lane waits until a request could go, then claims, sends, and does so again: under a light load what
// arrived while it waited goes out together in one request, instead of each small group queueing for its
// slot. Only when a claim comes back full (a backlog) do up to
// `config.sendLanes` lanes run, so the next groups are claimed, loaded and rendered while a request waits
// for its slot or the provider (each claim takes other rows: SKIP LOCKED; the shared rate limiter spaces
// every request). A lane that fails stops the others from claiming more; its error is the round's.
const PREPARE_LEAD_MS = 60;

export async function dispatchDue(
  deps: DispatchDeps,
  options: { ids?: readonly string[]; signal?: AbortSignal; interrupt?: AbortSignal } = {},
) {
  const signals: SendSignals = { stop: options.signal, interrupt: options.interrupt };
  const { batchSize, leaseMs, sendLanes } = deps.config;
  let groups = 0;
  let failed = false;
  let backlog = false;
  let running = 0;
  const lanes: Promise<void>[] = [];
  const lane = async (first: boolean) => {
    try {
      while (!options.signal?.aborted && !failed && (first || backlog)) {
        // Without a backlog, claim only shortly before a request could go (PREPARE_LEAD_MS, about what claiming
        // and rendering a small group take): whatever arrives meanwhile joins it.
        if (!backlog) {
          // Stopping while waiting is no failure: nothing was claimed.
          const stopped = await deps.limiter.untilFree(options.signal, PREPARE_LEAD_MS).then(() => false, (error: unknown) => {
            if (options.signal?.aborted) return true;
            throw error;
          });
          if (stopped) return;
        }
        const group = await claimNextGroup({ leaseMs, batchSize, ids: options.ids, clock: deps.clock });
        if (!group) return;
        backlog = group.deliveries.length >= batchSize;
        if (backlog) addLanes();
        await sendGroup(group, deps, signals);
        groups++;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      running--;
    }
  };
  const addLanes = () => {
    while (running < Math.max(1, sendLanes)) {
      running++;
      lanes.push(lane(false));
    }
  };
  running++;
  lanes.push(lane(true));
  // Lanes added while waiting are awaited too.
  for (let settled = 0; settled < lanes.length; settled = lanes.length) await Promise.allSettled(lanes.slice(settled));
  const rejected = (await Promise.allSettled(lanes)).find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
  return groups;
}
