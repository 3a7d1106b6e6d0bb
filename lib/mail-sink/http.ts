import { createHash, timingSafeEqual } from 'node:crypto';
import { mailSinkKey } from '@/lib/mail-sink/key';
import { emitSinkEvents } from '@/lib/mail-sink/events';
import { storeSinkEmails, type SinkEmailInput } from '@/lib/mail-sink/store';
import {
  checkBatch,
  checkIdempotencyKey,
  checkSendEmail,
  recipientsOf,
  type RequestProblem,
  type SendEmailRequest,
} from '@/lib/notifications/resend-request';

// The local sink's HTTP side, shaped like Resend's POST /emails and POST /emails/batch so the dispatcher
// talks to it through the same SDK and code path as to Resend: same auth header, same validation
// answers, same idempotency behaviour, same response bodies.

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function handleSinkPost(request: Request, endpoint: 'emails' | 'batch', expectedKey?: string): Promise<Response> {
  // Authenticate before reading the body.
  const auth = request.headers.get('authorization');
  if (!auth) return problem({ statusCode: 401, name: 'missing_api_key', message: 'Missing API key in the authorization header.' });
  const presented = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
  if (!sameSecret(presented, expectedKey ?? (await mailSinkKey()))) {
    return problem({ statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid.' });
  }

  const key = checkIdempotencyKey(request.headers.get('idempotency-key'));
  if (!key.ok) return problem(key.problem);

  const body = await readJson(request);
  if (!body.ok) return problem(body.problem);
  const checked = endpoint === 'batch' ? checkBatch(body.value) : checkSendEmail(body.value);
  if (!checked.ok) return problem(checked.problem);
  const emails = (Array.isArray(checked.value) ? checked.value : [checked.value]).map(toSinkEmail);

  const stored = await storeSinkEmails(emails, key.value);
  if (!stored.ok) {
    return problem({
      statusCode: 409,
      name: 'invalid_idempotent_request',
      message: 'This idempotency key has already been used on a request that had a different payload.',
    });
  }
  await emitSinkEvents(emails, stored.ids);
  const payload = endpoint === 'batch' ? { data: stored.ids.map((id) => ({ id })) } : { id: stored.ids[0] };
  return Response.json(payload, { status: 200 });
}

function toSinkEmail(email: SendEmailRequest): SinkEmailInput {
  return {
    from: email.from,
    to: recipientsOf(email),
    subject: email.subject,
    html: email.html ?? null,
    text: email.text ?? null,
    tags: (email.tags ?? []).map(({ name, value }) => ({ name, value })),
    headers: email.headers ?? {},
  };
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; problem: RequestProblem }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES || !request.body) {
    return declared > MAX_BODY_BYTES ? tooLarge() : { ok: false, problem: { statusCode: 422, name: 'validation_error', message: 'Missing request body.' } };
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, problem: { statusCode: 422, name: 'validation_error', message: 'The body is not valid JSON.' } };
  }
}

function tooLarge(): { ok: false; problem: RequestProblem } {
  return { ok: false, problem: { statusCode: 413, name: 'validation_error', message: `The body exceeds ${MAX_BODY_BYTES} bytes.` } };
}

// Hashing first gives equal lengths, so the comparison time says nothing about the key.
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

function problem(p: RequestProblem): Response {
  return Response.json({ statusCode: p.statusCode, name: p.name, message: p.message }, { status: p.statusCode });
}
