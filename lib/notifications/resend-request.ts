import { z } from 'zod';

// Resend's request rules for POST /emails and POST /emails/batch (SendEmailRequest in Resend's published
// OpenAPI description, plus the limits its documentation states). The mail sink answers with these, and
// the tests' provider stand-in checks every request the dispatcher makes against them.

export const MAX_RECIPIENTS = 50;
export const MAX_BATCH = 100;
export const MAX_IDEMPOTENCY_KEY = 256;
const TAG_TEXT = /^[A-Za-z0-9_-]{1,256}$/;
// `email@example.com` or `Name <email@example.com>`: what Resend accepts in address fields.
const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

const address = z.string().trim().regex(ADDRESS);
const addresses = z.union([address, z.array(address).min(1).max(MAX_RECIPIENTS)]);
const tag = z.object({
  name: z.string().regex(TAG_TEXT, 'Tag names may only contain ASCII letters, numbers, underscores and dashes (at most 256).'),
  value: z.string().regex(TAG_TEXT, 'Tag values may only contain ASCII letters, numbers, underscores and dashes (at most 256).'),
});

const sendEmailRequest = z
  .object({
    from: z.string({ error: 'Missing `from` field.' }),
    to: z.union([z.string(), z.array(z.string())], { error: 'Missing `to` field.' }),
    subject: z.string({ error: 'Missing `subject` field.' }),
    html: z.string().optional(),
    text: z.string().optional(),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    reply_to: addresses.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    tags: z.array(tag).optional(),
    scheduled_at: z.string().optional(),
    attachments: z.array(z.object({}).passthrough()).optional(),
    template: z.object({ id: z.string() }).passthrough().optional(),
    topic_id: z.string().nullable().optional(),
  })
  .passthrough();

export type SendEmailRequest = z.infer<typeof sendEmailRequest>;

export type RequestProblem = { statusCode: number; name: string; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: RequestProblem };

export function checkIdempotencyKey(key: string | null): Checked<string | null> {
  if (key === null) return { ok: true, value: null };
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY) {
    return problem(400, 'invalid_idempotency_key', `The key must be between 1-${MAX_IDEMPOTENCY_KEY} characters.`);
  }
  return { ok: true, value: key };
}

export function checkSendEmail(body: unknown, inBatch = false): Checked<SendEmailRequest> {
  const parsed = sendEmailRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return problem(422, missing ? 'missing_required_field' : 'validation_error',
      missing ? issue.message : `Invalid \`${field}\` field: ${issue.message}`);
  }
  const email = parsed.data;
  if (!ADDRESS.test(email.from.trim())) {
    return problem(422, 'invalid_from_address', 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  }
  const to = addresses.safeParse(email.to);
  if (!to.success) {
    return problem(422, 'validation_error', `Invalid \`to\` field. Give 1 to ${MAX_RECIPIENTS} addresses in the \`email@example.com\` or \`Name <email@example.com>\` format.`);
  }
  if (email.html === undefined && email.text === undefined && email.template === undefined) {
    return problem(422, 'validation_error', 'Missing `html` or `text` field.');
  }
  if (inBatch && (email.attachments !== undefined || email.scheduled_at !== undefined)) {
    return problem(422, 'validation_error', '`attachments` and `scheduled_at` are not supported in batch emails.');
  }
  return { ok: true, value: email };
}

export function checkBatch(body: unknown): Checked<SendEmailRequest[]> {
  if (!Array.isArray(body)) return problem(422, 'validation_error', 'The body must be an array of emails.');
  if (body.length < 1 || body.length > MAX_BATCH) {
    return problem(422, 'validation_error', `A batch holds 1 to ${MAX_BATCH} emails, got ${body.length}.`);
  }
  const emails: SendEmailRequest[] = [];
  for (const [index, item] of body.entries()) {
    const checked = checkSendEmail(item, true);
    if (!checked.ok) return problem(checked.problem.statusCode, checked.problem.name, `data[${index}]: ${checked.problem.message}`);
    emails.push(checked.value);
  }
  return { ok: true, value: emails };
}

export function recipientsOf(email: SendEmailRequest): string[] {
  return Array.isArray(email.to) ? email.to : [email.to];
}

function problem(statusCode: number, name: string, message: string): { ok: false; problem: RequestProblem } {
  return { ok: false, problem: { statusCode, name, message } };
}
