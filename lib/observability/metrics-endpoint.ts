import { createHash, timingSafeEqual } from 'node:crypto';
import { log } from '@/lib/observability/logger';
import { metricsRegistry } from '@/lib/observability/metrics';

// GET /metrics: the process's metrics in Prometheus text format, for a scraper holding METRICS_TOKEN.
// Off by default: without METRICS_TOKEN the route answers 404, as if it did not exist, so a fresh install exposes
// nothing. A request/response function, so the worker's own metrics port can serve it the same way.

// Shorter than this is a password someone might guess; the endpoint then stays off (and says so in the log).
export const MIN_TOKEN_LENGTH = 16;

const NOT_FOUND = () => new Response('Not Found', { status: 404, headers: { 'Cache-Control': 'no-store' } });

export async function metricsResponse(request: Request, env: Record<string, string | undefined> = process.env): Promise<Response> {
  // A token mounted from a file often ends in a newline nobody meant.
  const expected = env.METRICS_TOKEN?.trim() ?? '';
  if (expected === '') return NOT_FOUND();
  if (expected.length < MIN_TOKEN_LENGTH) {
    warnShortTokenOnce();
    return NOT_FOUND();
  }
  if (!presentsToken(request.headers.get('authorization'), expected)) {
    return new Response('Unauthorized', {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Cache-Control': 'no-store' },
    });
  }
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}

function presentsToken(header: string | null, expected: string): boolean {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  if (!match) return false;
  // Digests have equal length whatever was sent, so the comparison's time says nothing about the token's length
  // or any of its characters.
  return timingSafeEqual(digest(match[1]), digest(expected));
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

let warned = false;

function warnShortTokenOnce(): void {
  if (warned) return;
  warned = true;
  log().warn({ minLength: MIN_TOKEN_LENGTH }, 'METRICS_TOKEN is too short: GET /metrics stays off (404)');
}
