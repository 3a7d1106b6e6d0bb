// What GET /readyz says of this process's dispatcher. The dispatcher loop reports into it; the probe reads it.
// Kept on globalThis for the same reason as the metrics registry: instrumentation.ts and route handlers may be
// separate module instances in one Next.js process.

export type DispatcherState =
  | { status: 'off'; reason: string }
  | { status: 'running'; lastRoundAt: Date | null; lastRoundFailed: boolean }
  | { status: 'stopping' }
  | { status: 'stopped' };

const holder = globalThis as typeof globalThis & { __incidentMailDispatcher?: DispatcherState };

export function reportDispatcherState(state: DispatcherState): void {
  holder.__incidentMailDispatcher = state;
}

export function dispatcherState(): DispatcherState {
  return holder.__incidentMailDispatcher ?? { status: 'off', reason: 'not started in this process' };
}
