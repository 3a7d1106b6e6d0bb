import { startDispatcher, type Dispatcher } from '@/lib/notifications/dispatcher';

// Runs the dispatcher for the life of the process and stops it gracefully on SIGTERM/SIGINT: no new
// claims, the request in flight finishes and its outcome is recorded. Whatever a hard kill interrupts is
// re-claimed by another process when its lease ends and re-sent under the same idempotency key.

const holder = globalThis as typeof globalThis & { __dispatcher?: Promise<Dispatcher> };

export function startDispatcherUntilSignal(options: { exitWhenStopped: boolean }): Promise<Dispatcher> {
  // One per process, even if a dev reload calls register() again.
  holder.__dispatcher ??= start(options).catch((error) => {
    holder.__dispatcher = undefined;
    throw error;
  });
  return holder.__dispatcher;
}

async function start({ exitWhenStopped }: { exitWhenStopped: boolean }): Promise<Dispatcher> {
  const controller = new AbortController();
  const dispatcher = await startDispatcher({ signal: controller.signal });
  const { transport, ratePerSecond } = dispatcher.config;
  console.log(transport.sink
    ? `[dispatcher] started; no RESEND_API_KEY, so emails go to the local mail sink at ${transport.baseUrl}`
    : `[dispatcher] started; sending through ${transport.baseUrl} at most ${ratePerSecond} requests/s`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      if (exitWhenStopped) process.exit(1);
      return;
    }
    stopping = true;
    console.log(`[dispatcher] ${signal}: finishing the request in flight`);
    controller.abort();
    dispatcher.done
      .catch((error) => console.error('[dispatcher] stopped with an error', error))
      .finally(() => {
        console.log('[dispatcher] stopped');
        if (exitWhenStopped) process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return dispatcher;
}
