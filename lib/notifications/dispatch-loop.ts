import { createCapCountPruner } from '@/lib/notifications/cap-count-prune';
import type { Renderer } from '@/lib/notifications/compose';
import { loadDispatcherConfig, type DispatcherConfig } from '@/lib/notifications/config';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch-round';
import { listenForDueDeliveries } from '@/lib/notifications/listen';
import { createQueueGauges } from '@/lib/notifications/queue-gauges';
import { reportDispatcherState } from '@/lib/observability/dispatcher-state';
import { errorFields, log } from '@/lib/observability/logger';

// The long-running loop: wakes on NOTIFY deliveries_due (sent by ingest after its transaction commits),
// and polls as well, for notifications sent while nobody listened and for retries coming due. Started
// by instrumentation.ts in the web process and by scripts/worker.ts; any number may run at once.

export type StartDispatcherOptions = {
  // Aborting stops claiming new work; a request already in flight finishes and its outcome is recorded.
  signal: AbortSignal;
  // Aborting abandons a request in flight as well (the process must exit now); it is retried under its key.
  interrupt?: AbortSignal;
  config?: DispatcherConfig;
  renderer?: Renderer;
  databaseUrl?: string;
  // The instant caps, silences and counter pruning are judged at; the real time unless a test moves it.
  clock?: () => Date;
};

export type Dispatcher = {
  config: DispatcherConfig;
  // Resolves once the loop has stopped after the signal aborted.
  done: Promise<void>;
  // Looks for due work now instead of at the next poll.
  wake(): void;
};

export async function startDispatcher(options: StartDispatcherOptions): Promise<Dispatcher> {
  const config = options.config ?? (await loadDispatcherConfig());
  const deps = { ...createDispatchDeps(config, options.renderer), clock: options.clock };
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the dispatcher needs the database.');
  const { signal, interrupt } = options;
  const wakeup = createWakeup();
  const listening = listenForDueDeliveries(databaseUrl, wakeup.wake, signal);
  const refreshGauges = createQueueGauges(Math.max(config.pollIntervalMs, 1000));
  const pruneCapCounts = createCapCountPruner(config.capCountPruneIntervalMs, options.clock);
  reportDispatcherState({ status: 'running', lastRoundAt: null, lastRoundFailed: false });
  signal.addEventListener('abort', () => reportDispatcherState({ status: 'stopping' }), { once: true });

  const loop = async () => {
    let failedRounds = 0;
    while (!signal.aborted) {
      try {
        await refreshGauges();
        await dispatchDue(deps, { signal, interrupt });
        // Housekeeping after the round's sending, hourly per process (cap-count-prune.ts).
        await pruneCapCounts();
        // At the level of the failures it ends, so whoever sees those sees it too.
        if (failedRounds > 0) log().warn({ failedRounds }, 'dispatch rounds succeed again');
        failedRounds = 0;
      } catch (error) {
        // Database unreachable and the like: the claim's lease makes it safe to simply try again later.
        // Logged on the first failure and then once per doubling, not once per round.
        failedRounds++;
        if ((failedRounds & (failedRounds - 1)) === 0) log().error({ failedRounds, ...errorFields(error) }, 'dispatch round failed');
      }
      if (!signal.aborted) reportDispatcherState({ status: 'running', lastRoundAt: new Date(), lastRoundFailed: failedRounds > 0 });
      await wakeup.wait(roundDelayMs(config.pollIntervalMs, failedRounds), signal);
    }
  };
  const done = Promise.all([loop(), listening]).then(() => reportDispatcherState({ status: 'stopped' }));
  return { config, done, wake: wakeup.wake };
}

// After failed rounds the loop backs off (doubling from the poll interval, at most FAILURE_BACKOFF_MAX_MS),
// so a database that is down is not hammered by every process at once; the first round after it is back
// finds all due work, as nothing is kept in memory.
export const FAILURE_BACKOFF_MAX_MS = 5_000;

export function roundDelayMs(pollIntervalMs: number, failedRounds: number): number {
  if (failedRounds === 0) return pollIntervalMs;
  return Math.min(Math.max(pollIntervalMs, FAILURE_BACKOFF_MAX_MS), pollIntervalMs * 2 ** Math.min(failedRounds - 1, 20));
}

function createWakeup() {
  let pending = false;
  let release: (() => void) | null = null;
  return {
    wake() {
      pending = true;
      release?.();
    },
    wait(ms: number, signal: AbortSignal): Promise<void> {
      if (pending || signal.aborted) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', finish);
          release = null;
          pending = false;
          resolve();
        };
        const timer = setTimeout(finish, ms);
        signal.addEventListener('abort', finish, { once: true });
        release = finish;
      });
    },
  };
}
