import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkBatch, checkIdempotencyKey, checkSendEmail, recipientsOf, type SendEmailRequest } from '@/lib/notifications/resend-request';

// A Resend stand-in for tests, on loopback: POST /emails and /emails/batch with Resend's validation,
// answers and Idempotency-Key behaviour. It records every request (arrival time, key, outcome) and every
// email it accepted, and can be scripted to misbehave: 429 + retry-after, 500, 422, hang, accept and drop
// the connection, or accept and hold the answer until released.
//
// Like Resend, it enforces a request rate per team (here: per stand-in) in one-second windows and says so
// in every answer: `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` (seconds), and a 429
// `rate_limit_exceeded` with `retry-after` beyond the limit. The default limit is high enough for tests
// that are not about it.

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: 429 | 500 | 503 | 422 | 401; retryAfter?: string }
  | { kind: 'hang' } // never answers, processes nothing
  | { kind: 'drop' } // processes, then destroys the socket without answering
  | { kind: 'hold' }; // processes, answers only on release()

export type RecordedRequest = {
  at: number; // ms, sub-millisecond precision
  path: string;
  idempotencyKey: string | null;
  apiKey: string | null; // tells apart the clients sharing one stand-in
  emailCount: number;
  outcome: string;
};

export type AcceptedEmail = {
  id: string;
  deliveryId: string | null;
  to: string[];
  from: string;
  subject: string;
  text: string | null;
  idempotencyKey: string | null;
};

type Remembered = { bodyHash: string; done: boolean; response?: { status: number; body: unknown } };

export type ResendStandIn = {
  url: string;
  requests: RecordedRequest[];
  accepted: AcceptedEmail[];
  // Problems with what the client sent (schema, limits): a conforming client leaves this empty.
  violations: string[];
  // Behaviours for the next requests, in order; afterwards `fallback` decides (default: ok).
  script: Behaviour[];
  fallback: (path: string, emails: SendEmailRequest[]) => Behaviour;
  release(): void;
  close(): Promise<void>;
};

export const STAND_IN_DEFAULT_RATE_LIMIT = 1000;

export async function startResendStandIn(options: { apiKeys?: string[]; rateLimit?: number } = {}): Promise<ResendStandIn> {
  const apiKeys = options.apiKeys ?? ['re_test'];
  const rateLimit = options.rateLimit ?? STAND_IN_DEFAULT_RATE_LIMIT;
  const window = { startedAt: 0, used: 0 };
  // Counts this request into the current window; the headers to answer with, and whether it is over the limit.
  const rateHeaders = (at: number) => {
    if (at - window.startedAt >= 1000) Object.assign(window, { startedAt: at, used: 0 });
    window.used++;
    const resetSeconds = String(Math.max(1, Math.ceil((window.startedAt + 1000 - at) / 1000)));
    const headers = {
      'ratelimit-limit': String(rateLimit),
      'ratelimit-remaining': String(Math.max(0, rateLimit - window.used)),
      'ratelimit-reset': resetSeconds,
    };
    return { headers, exceeded: window.used > rateLimit, resetSeconds };
  };
  const keys = new Map<string, Remembered>();
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const state: ResendStandIn = {
    url: '',
    requests: [],
    accepted: [],
    violations: [],
    script: [],
    fallback: () => ({ kind: 'ok' }),
    release: () => held.splice(0).forEach((answer) => answer()),
    close: async () => {
      state.release();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer(async (req, res) => {
    const at = performance.timeOrigin + performance.now();
    const body = await readBody(req);
    const path = req.url ?? '';
    const key = header(req, 'idempotency-key');
    const apiKey = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? null;
    const record = (outcome: string, emailCount = 0) => state.requests.push({ at, path, idempotencyKey: key, apiKey, emailCount, outcome });
    const rate = rateHeaders(at);
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...rate.headers, ...headers }).end(JSON.stringify(payload));
    };
    const problem = (status: number, name: string, message: string, headers?: Record<string, string>) =>
      answer(status, { statusCode: status, name, message }, headers);

    if (req.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) return record('404'), problem(404, 'not_found', path);
    if (!apiKey || !apiKeys.includes(apiKey)) return record('403'), problem(403, 'invalid_api_key', 'API key is invalid');
    if (rate.exceeded) {
      return record('429-rate-limit'), problem(429, 'rate_limit_exceeded', 'Too many requests', { 'retry-after': rate.resetSeconds });
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      state.violations.push(`${path}: body is not JSON`);
      return record('422'), problem(422, 'validation_error', 'invalid JSON');
    }
    const keyCheck = checkIdempotencyKey(key);
    const checked = path === '/emails/batch' ? checkBatch(parsed) : checkSendEmail(parsed);
    if (!keyCheck.ok || !checked.ok) {
      const p = !keyCheck.ok ? keyCheck.problem : !checked.ok ? checked.problem : null;
      state.violations.push(`${path}: ${p?.message}`);
      return record(String(p?.statusCode)), problem(p!.statusCode, p!.name, p!.message);
    }
    if (path === '/emails/batch' && header(req, 'x-batch-validation') !== 'strict') state.violations.push('batch without strict validation');
    const emails = Array.isArray(checked.value) ? checked.value : [checked.value];

    const bodyHash = createHash('sha256').update(body).digest('hex');
    const earlier = key ? keys.get(key) : undefined;
    if (earlier) {
      if (earlier.bodyHash !== bodyHash) return record('409-mismatch', emails.length), problem(409, 'invalid_idempotent_request', 'key reused with another payload');
      if (!earlier.done) return record('409-concurrent', emails.length), problem(409, 'concurrent_idempotent_requests', 'in progress');
      record('replayed', emails.length);
      return answer(earlier.response!.status, earlier.response!.body);
    }

    const behaviour = state.script.shift() ?? state.fallback(path, emails);
    if (behaviour.kind === 'status') {
      record(String(behaviour.status), emails.length);
      const names: Record<number, string> = { 429: 'rate_limit_exceeded', 422: 'validation_error', 401: 'missing_api_key' };
      return problem(behaviour.status, names[behaviour.status] ?? 'internal_server_error', 'scripted',
        behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {});
    }
    if (behaviour.kind === 'hang') return record('hang', emails.length);

    // Accepted: from here on the emails count as sent, whatever happens to the answer.
    const remembered: Remembered = { bodyHash, done: false };
    if (key) keys.set(key, remembered);
    const ids = emails.map((email) => {
      const id = randomUUID();
      const deliveryId = email.tags?.find((tag) => tag.name === 'delivery_id')?.value ?? null;
      state.accepted.push({ id, deliveryId, to: recipientsOf(email), from: email.from, subject: email.subject, text: email.text ?? null, idempotencyKey: key });
      return id;
    });
    remembered.response = { status: 200, body: path === '/emails/batch' ? { data: ids.map((id) => ({ id })) } : { id: ids[0] } };
    remembered.done = true;
    record(behaviour.kind === 'ok' ? 'accepted' : `accepted-${behaviour.kind}`, emails.length);
    if (behaviour.kind === 'drop') return req.socket.destroy();
    if (behaviour.kind === 'hold') return void held.push(() => answer(200, remembered.response!.body));
    answer(200, remembered.response.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export type Misbehaviour = { serverErrors?: number; hangs?: number; drops?: number };

// A `fallback` for a provider having a bad day: of the new requests (replays are answered from the idempotency
// cache, as by Resend), these shares answer 500 or 503, hang, or are accepted and then lose their connection; the
// rest is accepted. Pass a seeded `random` to make a run repeatable.
export function misbehaving(shares: Misbehaviour, random: () => number = Math.random): ResendStandIn['fallback'] {
  return () => {
    let r = random();
    if ((r -= shares.serverErrors ?? 0) < 0) return { kind: 'status', status: random() < 0.5 ? 500 : 503 };
    if ((r -= shares.hangs ?? 0) < 0) return { kind: 'hang' };
    if ((r -= shares.drops ?? 0) < 0) return { kind: 'drop' };
    return { kind: 'ok' };
  };
}

// The most requests that arrived within any one second (a sliding window, stricter than the provider's own
// fixed windows): what a test compares with the rate limit.
export function busiestSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
