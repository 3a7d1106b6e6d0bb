// Next.js calls register() once per server process. The delivery dispatcher runs here in `npm start` /
// `npm run dev`, so a single process is a complete installation; more processes (or `npm run worker`)
// may run it too, safely. DISPATCHER=off leaves sending to workers.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  if (process.env.DISPATCHER === 'off') return;
  if (!process.env.DATABASE_URL) {
    console.warn('[dispatcher] not started: DATABASE_URL is not set (start the app with `npm start`).');
    return;
  }
  // Imported here, not at the top: the Edge bundle of this file must not pull in pg and Prisma.
  const { startDispatcherUntilSignal } = await import('@/lib/notifications/lifecycle');
  await startDispatcherUntilSignal({ exitWhenStopped: Boolean(process.env.NEXT_MANUAL_SIG_HANDLE) });
}
