import { startDispatcher, type Dispatcher } from '@/lib/notifications/dispatch-loop';
import { errorFields, log } from '@/lib/observability/logger';

// Runs the dispatcher for the life of the process and stops it gracefully on SIGTERM/SIGINT: no new
// claims, a claim not yet in a request goes back to the queue, the request in flight finishes and its
// outcome is recorded. A request still unanswered when the grace period ends is abandoned and recorded as a
// retry under its idempotency key, so the process exits in time (orchestrators kill after 10 s by default)
// and the next sender repeats it without sending it twice. Whatever a hard kill interrupts is re-claimed by
// another process when its lease ends and re-sent under the same key.

export const DEFAULT_SHUTDOWN_GRACE_MS = 8_000;

const holder = globalThis as typeof globalThis & { __dispatcher?: Promise<Dispatcher> };

export type LifecycleOptions = {
  exitWhenStopped: boolean;
  // Called once the dispatcher has stopped, before the process exits (the worker closes its metrics port).
  onStopped?: () => Promise<void> | void;
};

export function startDispatcherUntilSignal(options: LifecycleOptions): Promise<Dispatcher> {
  // One per process, even if a dev reload calls register() again.
  holder.__dispatcher ??= start(options).catch((error) => {
    holder.__dispatcher = undefined;
    throw error;
  });
  return holder.__dispatcher;
}

// For a process with nothing of ours to finish that still owns its signals (NEXT_MANUAL_SIG_HANDLE).
export function exitOnSignal(): void {
  const exit = (signal: NodeJS.Signals) => {
    log().info({ signal }, 'exiting');
    process.exit(0);
  };
  process.once('SIGTERM', exit);
  process.once('SIGINT', exit);
}

async function start({ exitWhenStopped, onStopped }: LifecycleOptions): Promise<Dispatcher> {
  const stopping = new AbortController();
  const interrupting = new AbortController();
  const dispatcher = await startDispatcher({ signal: stopping.signal, interrupt: interrupting.signal });
  const { transport, ratePerSecond } = dispatcher.config;
  log().info(
    transport.sink ? { mailSink: transport.baseUrl } : { provider: transport.baseUrl, maxRequestsPerSecond: ratePerSecond },
    transport.sink ? 'dispatcher started; no RESEND_API_KEY, so emails go to the local mail sink' : 'dispatcher started',
  );
  const graceMs = shutdownGraceMs();

  const stop = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) {
      // A second signal: the operator does not want to wait.
      if (exitWhenStopped) process.exit(1);
      return;
    }
    log().info({ signal, graceMs }, 'dispatcher stopping: finishing the request in flight');
    stopping.abort();
    const deadline = setTimeout(() => {
      log().warn({ graceMs }, 'dispatcher grace period over: abandoning the request in flight');
      interrupting.abort();
    }, graceMs);
    dispatcher.done
      .catch((error) => log().error(errorFields(error), 'dispatcher stopped with an error'))
      .then(() => onStopped?.())
      .catch((error) => log().error(errorFields(error), 'cleanup after the dispatcher failed'))
      .finally(() => {
        clearTimeout(deadline);
        log().info('dispatcher stopped');
        if (exitWhenStopped) process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return dispatcher;
}

function shutdownGraceMs(): number {
  const raw = process.env.DISPATCHER_SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_GRACE_MS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`DISPATCHER_SHUTDOWN_GRACE_MS must be a number of milliseconds, got "${raw}".`);
  return value;
}
