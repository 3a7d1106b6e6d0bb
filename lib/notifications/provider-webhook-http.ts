import { Webhook, WebhookVerificationError } from 'svix';
import { z } from 'zod';
import { providerWebhookSchema } from '@/lib/validation/provider-webhook';
import { readBoundedBody } from '@/lib/incidents/http/read-body';
import { applyProviderEvent, forgetOldProviderEvents } from '@/lib/notifications/provider-events';
import { log } from '@/lib/observability/logger';

// POST /api/resend/webhook: Resend's delivery events, signed with Svix over the raw body. The signature
// is checked before anything is parsed; the answer is quick (Resend retries anything slow or non-2xx).

const MAX_WEBHOOK_BYTES = 256 * 1024;
const KEEP_EVENT_IDS_MS = 7 * 24 * 60 * 60 * 1000;

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

export async function handleProviderWebhook(request: Request, secret = process.env.RESEND_WEBHOOK_SECRET): Promise<Response> {
  if (!secret) {
    return json(503, { error: 'notConfigured', message: 'Set RESEND_WEBHOOK_SECRET to the signing secret of the Resend webhook.' });
  }
  const body = await readBoundedBody(request, MAX_WEBHOOK_BYTES);
  if (!body.ok) {
    return body.reason === 'tooLarge'
      ? json(413, { error: 'payloadTooLarge', message: `The body exceeds ${MAX_WEBHOOK_BYTES} bytes.` })
      : json(400, { error: 'unreadableBody', message: 'The body could not be read.' });
  }
  const headers = {
    'svix-id': request.headers.get('svix-id') ?? '',
    'svix-timestamp': request.headers.get('svix-timestamp') ?? '',
    'svix-signature': request.headers.get('svix-signature') ?? '',
  };
  let payload: unknown;
  try {
    // Checks the signature and that svix-timestamp is within 5 minutes (a replay of an old event fails).
    payload = new Webhook(secret).verify(body.text, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError || error instanceof SyntaxError) {
      return json(401, { error: 'invalidSignature', message: 'The svix-id, svix-timestamp and svix-signature headers do not verify.' });
    }
    throw error;
  }
  const parsed = providerWebhookSchema.safeParse(payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ path: z.core.toDotPath(issue.path), message: issue.message }));
    return json(422, { error: 'invalidPayload', message: 'The event has invalid fields.', invalidFields: fields.slice(0, 20) });
  }
  const event = parsed.data;
  const outcome = await applyProviderEvent({
    id: headers['svix-id'],
    type: event.type,
    occurredAt: new Date(event.created_at),
    emailId: event.data.email_id ?? null,
    tags: event.data.tags ?? {},
    to: event.data.to ?? [],
    bounce: event.data.bounce,
    failed: event.data.failed,
    suppressed: event.data.suppressed,
  });
  if (outcome === 'unknownDelivery') log().info({ svixId: headers['svix-id'], type: event.type }, 'provider event for no known delivery');
  // Now and then, not on every event: old ids only matter for recognising redeliveries.
  if (Math.random() < 0.01) await forgetOldProviderEvents(new Date(Date.now() - KEEP_EVENT_IDS_MS));
  return json(200, { status: outcome });
}
