import { Resend } from 'resend';
import { retryAfterMs } from '@/lib/notifications/backoff';
import { readProviderRate, type ProviderRate } from '@/lib/notifications/provider-rate';
import { appMetrics } from '@/lib/observability/metrics';

// One provider request through the official SDK, reduced to what the dispatcher must decide. The SDK
// returns errors as `{ data: null, error }` rather than throwing; every branch below is a decision.

export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  tags: { name: string; value: string }[];
};

export type SendOutcome = Decision & {
  // What the provider announced about its rate with this answer (null: no answer, or no such headers).
  rate: ProviderRate | null;
};

type Decision =
  | { kind: 'accepted'; ids: string[] }
  // Worth trying again: network error, timeout, 5xx, 429, or the same key still in flight.
  // `throttled`: a 429, which every process of the deployment must respect; `refund`: the provider did
  // not try at all (rate limit, not quota), so the attempt does not count.
  | { kind: 'retry'; error: string; retryAfterMs: number | null; throttled: boolean; refund: boolean }
  // The provider understood and refused; `splittable` when one email of a batch may be the only culprit.
  | { kind: 'rejected'; error: string; splittable: boolean }
  // The key was already used for this request with a different body: the earlier request was accepted.
  | { kind: 'alreadyAccepted'; error: string };

// The SDK client for a transport (Resend, or the local mail sink which speaks its API).
export function resendClient(transport: { apiKey: string; baseUrl: string }): Resend {
  return new Resend(transport.apiKey, { baseUrl: transport.baseUrl });
}

export async function sendRequest(
  resend: Resend,
  emails: readonly OutgoingEmail[],
  idempotencyKey: string,
  options: { timeoutMs: number; interrupt?: AbortSignal },
): Promise<SendOutcome> {
  const metrics = appMetrics();
  const stopTimer = metrics.sendDuration.startTimer();
  const { outcome, status } = await request(resend, emails, idempotencyKey, options);
  stopTimer();
  // 0 when no answer came (timeout, connection lost, interrupted): the provider may still have processed it.
  metrics.providerRequests.inc({ status: String(status ?? 0) });
  return outcome;
}

async function request(
  resend: Resend,
  emails: readonly OutgoingEmail[],
  idempotencyKey: string,
  { timeoutMs, interrupt }: { timeoutMs: number; interrupt?: AbortSignal },
): Promise<{ outcome: SendOutcome; status: number | null }> {
  const controller = new AbortController();
  // A hung request is a failed attempt like any other; the abort also frees its socket.
  const timer = setTimeout(() => controller.abort(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
  // A process that must exit now stops waiting; the provider may have accepted, so it is a retry under the same key.
  const onInterrupt = () => controller.abort(new Error('the sending process is shutting down'));
  if (interrupt?.aborted) onInterrupt();
  interrupt?.addEventListener('abort', onInterrupt, { once: true });
  // The SDK reports an aborted fetch as a generic network error; say what it was.
  const aborted = () => ({ outcome: noAnswer(`no answer: ${describe(controller.signal.reason)}`), status: null });
  try {
    const sendOptions = { idempotencyKey, signal: controller.signal };
    if (emails.length === 1) {
      const result = await resend.emails.send(emails[0], sendOptions);
      if (result.error) return controller.signal.aborted ? aborted() : answered(result.error, result.headers, false);
      return { outcome: { kind: 'accepted', ids: [result.data.id], rate: readProviderRate(result.headers) }, status: 200 };
    }
    const result = await resend.batch.send([...emails], sendOptions);
    if (result.error) return controller.signal.aborted ? aborted() : answered(result.error, result.headers, true);
    const rate = readProviderRate(result.headers);
    const ids = result.data.data.map((item) => item.id);
    if (ids.length !== emails.length) {
      // Accepted, but we cannot tell which id is whose; the same key brings the same answer next time.
      return { outcome: { ...noAnswer(`batch answer had ${ids.length} ids for ${emails.length} emails`), rate }, status: 200 };
    }
    return { outcome: { kind: 'accepted', ids, rate }, status: 200 };
  } catch (error) {
    // The SDK rethrows an abort that lands while it reads an error body.
    return controller.signal.aborted ? aborted() : { outcome: noAnswer(describe(error)), status: null };
  } finally {
    clearTimeout(timer);
    interrupt?.removeEventListener('abort', onInterrupt);
  }
}

type ProviderError = { name: string; message: string; statusCode: number | null };

function answered(error: ProviderError, headers: Record<string, string> | null, batch: boolean) {
  return { outcome: { ...classify(error, headers, batch), rate: readProviderRate(headers) }, status: error.statusCode };
}

function classify(error: ProviderError, headers: Record<string, string> | null, batch: boolean): Decision {
  const status = error.statusCode;
  const text = `${status ?? 'network'} ${error.name}: ${error.message}`;
  if (status === null || status >= 500) return retry(text);
  if (status === 429) {
    // Quotas are 429s too, but they do not lift in seconds: those count as attempts.
    const after = retryAfterMs(headers?.['retry-after']);
    return { kind: 'retry', error: text, retryAfterMs: after, throttled: true, refund: error.name === 'rate_limit_exceeded' };
  }
  if (status === 409 && error.name === 'concurrent_idempotent_requests') return retry(text);
  if (status === 409 && error.name === 'invalid_idempotent_request') return { kind: 'alreadyAccepted', error: text };
  const globalCause = ['invalid_from_address', 'invalid_idempotency_key'].includes(error.name);
  return { kind: 'rejected', error: text, splittable: batch && (status === 400 || status === 422) && !globalCause };
}

function retry(error: string): Decision {
  return { kind: 'retry', error, retryAfterMs: null, throttled: false, refund: false };
}

function noAnswer(error: string): SendOutcome {
  return { ...retry(error), rate: null };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
