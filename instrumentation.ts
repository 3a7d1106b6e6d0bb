// Next.js calls register() once per server process. The delivery dispatcher runs here in `npm start` /
// `npm run dev`, so a single process is a complete installation; more processes (or `npm run worker`)
// may run it too, safely. DISPATCHER=off leaves sending to workers.
//
// `npm start` sets NEXT_MANUAL_SIG_HANDLE: Next.js then leaves SIGTERM/SIGINT to us instead of exiting at
// once, so the dispatcher can finish the request in flight and hand back its claims first (lib/notifications/dispatcher-process.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Imported here, not at the top: the Edge bundle of this file must not pull in pg, Prisma or pino.
  const { reportDispatcherState } = await import('@/lib/observability/dispatcher-state');
  const { log } = await import('@/lib/observability/logger');
  const ownsSignals = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  const off =
    process.env.DISPATCHER === 'off' ? 'DISPATCHER=off: sending is left to workers'
    : !process.env.DATABASE_URL ? 'DATABASE_URL is not set (start the app with `npm start`)'
    : null;
  if (off) {
    reportDispatcherState({ status: 'off', reason: off });
    log()[process.env.DISPATCHER === 'off' ? 'info' : 'warn']({ reason: off }, 'dispatcher not started');
    if (ownsSignals) (await import('@/lib/notifications/dispatcher-process')).exitOnSignal();
    return;
  }
  const { startDispatcherUntilSignal } = await import('@/lib/notifications/dispatcher-process');
  await startDispatcherUntilSignal({ exitWhenStopped: ownsSignals });
}
