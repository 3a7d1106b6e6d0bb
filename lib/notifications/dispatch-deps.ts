import type { Resend } from 'resend';
import type { Renderer } from '@/lib/notifications/compose';
import type { DispatcherConfig } from '@/lib/notifications/config';
import type { RateLimiter } from '@/lib/notifications/rate-limiter';

// What a dispatch round works with (built by createDispatchDeps in dispatch-round.ts). On its own so that
// send-group.ts, which the round calls, can name it without importing the round back.
export type DispatchDeps = {
  config: DispatcherConfig;
  renderer: Renderer;
  resend: Resend;
  limiter: RateLimiter;
  // The instant silences are judged at; the real time unless a test moves it.
  clock?: () => Date;
};
