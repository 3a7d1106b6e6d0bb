import { createHash } from 'node:crypto';
import { mailSinkKey } from '@/lib/mail-sink/key';

// Everything the dispatcher needs from the environment, read once at start so a bad value stops the
// process with a clear message instead of failing deliveries one by one.

export type BackoffPolicy = { baseMs: number; maxMs: number };

export type Transport = {
  apiKey: string;
  baseUrl: string;
  // Shared by every process sending with this key to this endpoint: the provider counts per team, not per process.
  rateLimitKey: string;
  // True when no RESEND_API_KEY is set and the app's own mail sink receives the emails.
  sink: boolean;
};

export type DispatcherConfig = {
  from: string;
  timeZone: string;
  ratePerSecond: number;
  maxAttempts: number;
  requestTimeoutMs: number;
  // How long a claim stays ours without news; renewed right before each request.
  leaseMs: number;
  pollIntervalMs: number;
  // Deliveries per provider request (Resend accepts 1..100 per batch).
  batchSize: number;
  // Groups one process prepares and sends at once. While one request is with the provider (or waits for
  // its rate slot), the next group is claimed, loaded and rendered, so the provider's rate is the limit,
  // not this process's preparation. The shared rate limiter spaces the requests whatever the number.
  sendLanes: number;
  // How often one process deletes cap counters of periods long over (cap-count-prune.ts); 0 never.
  capCountPruneIntervalMs: number;
  backoff: BackoffPolicy;
  transport: Transport;
};

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_FROM = 'Incident notifications <notifications@localhost>';
const RESEND_API = 'https://api.resend.com';

export async function loadDispatcherConfig(env: Env = process.env): Promise<DispatcherConfig> {
  const requestTimeoutMs = positive(env, 'DELIVERY_REQUEST_TIMEOUT_MS', 15_000);
  const config: DispatcherConfig = {
    from: env.EMAIL_FROM?.trim() || DEFAULT_FROM,
    timeZone: emailTimeZone(env),
    ratePerSecond: positive(env, 'RESEND_RATE_LIMIT', 2),
    maxAttempts: Math.floor(positive(env, 'DELIVERY_MAX_ATTEMPTS', 8)),
    requestTimeoutMs,
    // Longer than a request can take, so a live sender never loses its claim mid-request.
    leaseMs: positive(env, 'DELIVERY_LEASE_MS', Math.max(60_000, requestTimeoutMs * 2)),
    pollIntervalMs: positive(env, 'DISPATCHER_POLL_MS', 2_000),
    batchSize: Math.min(100, Math.floor(positive(env, 'DELIVERY_BATCH_SIZE', 100))),
    sendLanes: Math.min(8, Math.floor(positive(env, 'DELIVERY_SEND_LANES', 3))),
    capCountPruneIntervalMs: env.CAP_COUNT_PRUNE_INTERVAL_MS?.trim() === '0' ? 0 : positive(env, 'CAP_COUNT_PRUNE_INTERVAL_MS', 3_600_000),
    backoff: {
      baseMs: positive(env, 'DELIVERY_BACKOFF_BASE_MS', 2_000),
      maxMs: positive(env, 'DELIVERY_BACKOFF_MAX_MS', 15 * 60_000),
    },
    transport: await resolveTransport(env),
  };
  if (config.leaseMs <= config.requestTimeoutMs) {
    throw new Error('DELIVERY_LEASE_MS must be longer than DELIVERY_REQUEST_TIMEOUT_MS.');
  }
  return config;
}

// Without RESEND_API_KEY a fresh install still works end to end: emails go to the app's own
// Resend-compatible sink (app/api/mail-sink), authenticated with a key generated into DATA_DIR.
export async function resolveTransport(env: Env = process.env): Promise<Transport> {
  const apiKey = env.RESEND_API_KEY?.trim();
  const transport = apiKey
    ? { apiKey, baseUrl: env.RESEND_BASE_URL?.trim() || RESEND_API, sink: false }
    : {
        apiKey: await mailSinkKey(env.DATA_DIR),
        baseUrl: env.RESEND_BASE_URL?.trim() || `http://127.0.0.1:${env.PORT || '3000'}/api/mail-sink`,
        sink: true,
      };
  const digest = createHash('sha256').update(`${transport.baseUrl}\n${transport.apiKey}`).digest('hex');
  return { ...transport, rateLimitKey: `resend:${digest.slice(0, 24)}` };
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}".`);
  return value;
}

// The zone the emails state their times in. Exported for the email preview, which must show the times the
// dispatcher will write without loading the rest of its settings.
export function emailTimeZone(env: Env = process.env): string {
  return timeZone(env.EMAIL_TIME_ZONE?.trim() || 'UTC');
}

function timeZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`EMAIL_TIME_ZONE is not an IANA time zone name: "${name}".`);
  }
}
