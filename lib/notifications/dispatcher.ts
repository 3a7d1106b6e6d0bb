import type { Renderer } from '@/lib/notifications/compose';
import { loadDispatcherConfig, type DispatcherConfig } from '@/lib/notifications/config';
import { createDispatchDeps, dispatchDue } from '@/lib/notifications/dispatch';
import { listenForDueDeliveries } from '@/lib/notifications/listen';

// The long-running loop: wakes on NOTIFY deliveries_due (sent by ingest after its transaction commits),
// and polls as well, for notifications sent while nobody listened and for retries coming due. Started
// by instrumentation.ts in the web process and by scripts/worker.ts; any number may run at once.

export type StartDispatcherOptions = {
  // Aborting stops claiming new work; a request already in flight finishes and its outcome is recorded.
  signal: AbortSignal;
  config?: DispatcherConfig;
  renderer?: Renderer;
  databaseUrl?: string;
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
  const deps = createDispatchDeps(config, options.renderer);
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the dispatcher needs the database.');
  const { signal } = options;
  const wakeup = createWakeup();
  const listening = listenForDueDeliveries(databaseUrl, wakeup.wake, signal);

  const loop = async () => {
    while (!signal.aborted) {
      try {
        await dispatchDue(deps, { signal });
      } catch (error) {
        // Database unreachable and the like: the claim's lease makes it safe to simply try again later.
        console.error('[dispatcher] dispatch round failed', error);
      }
      await wakeup.wait(config.pollIntervalMs, signal);
    }
  };
  const done = Promise.all([loop(), listening]).then(() => undefined);
  return { config, done, wake: wakeup.wake };
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
