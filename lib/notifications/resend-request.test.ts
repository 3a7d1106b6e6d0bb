import { describe, expect, it } from 'vitest';
import { checkBatch, checkIdempotencyKey, checkSendEmail } from '@/lib/notifications/resend-request';

// The rules of Resend's SendEmailRequest (resend.yaml) and its documented limits.
const email = (overrides: Record<string, unknown> = {}) => ({
  from: 'Incidents <alerts@example.com>',
  to: 'soc@contoso.com',
  subject: 'Incident 29',
  html: '<p>hi</p>',
  text: 'hi',
  ...overrides,
});

const problemOf = (result: ReturnType<typeof checkSendEmail>) => (result.ok ? null : result.problem);

describe('checkSendEmail', () => {
  it('accepts a plain email, a named sender and 1..50 recipients', () => {
    expect(checkSendEmail(email()).ok).toBe(true);
    expect(checkSendEmail(email({ to: Array.from({ length: 50 }, (_, i) => `a${i}@contoso.com`) })).ok).toBe(true);
    expect(checkSendEmail(email({ tags: [{ name: 'delivery_id', value: '0b6a-Z_9' }] })).ok).toBe(true);
  });

  it('refuses more than 50 recipients, and none', () => {
    expect(problemOf(checkSendEmail(email({ to: Array.from({ length: 51 }, (_, i) => `a${i}@contoso.com`) }))))
      .toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(problemOf(checkSendEmail(email({ to: [] }))))?.toMatchObject({ statusCode: 422 });
  });

  it('refuses tag names and values outside ASCII letters, digits, _ and -', () => {
    for (const tag of [{ name: 'kind', value: 'a.b' }, { name: 'kind id', value: 'x' }, { name: 'é', value: 'x' }, { name: 'x'.repeat(257), value: 'x' }]) {
      expect(problemOf(checkSendEmail(email({ tags: [tag] }))), JSON.stringify(tag)).toMatchObject({ statusCode: 422, name: 'validation_error' });
    }
  });

  it('names a missing required field', () => {
    const { subject: _subject, ...withoutSubject } = email();
    expect(problemOf(checkSendEmail(withoutSubject))).toMatchObject({ statusCode: 422, name: 'missing_required_field' });
    expect(problemOf(checkSendEmail(email({ html: undefined, text: undefined })))).toMatchObject({ statusCode: 422 });
  });

  it('refuses a malformed sender as invalid_from_address', () => {
    expect(problemOf(checkSendEmail(email({ from: 'notifications' })))).toMatchObject({ name: 'invalid_from_address' });
  });
});

describe('checkBatch', () => {
  it('holds 1 to 100 emails', () => {
    expect(checkBatch(Array.from({ length: 100 }, () => email())).ok).toBe(true);
    expect(checkBatch(Array.from({ length: 101 }, () => email())).ok).toBe(false);
    expect(checkBatch([]).ok).toBe(false);
    expect(checkBatch(email()).ok).toBe(false);
  });

  it('refuses attachments and scheduling in a batch, and says which email', () => {
    const result = checkBatch([email(), email({ attachments: [{ filename: 'a.txt', content: 'aGk=' }] })]);
    expect(result.ok ? null : result.problem.message).toMatch(/^data\[1\]/);
  });
});

describe('checkIdempotencyKey', () => {
  it('allows 1 to 256 characters', () => {
    expect(checkIdempotencyKey(null).ok).toBe(true);
    expect(checkIdempotencyKey('k'.repeat(256)).ok).toBe(true);
    expect(checkIdempotencyKey('k'.repeat(257))).toMatchObject({ ok: false, problem: { statusCode: 400, name: 'invalid_idempotency_key' } });
    expect(checkIdempotencyKey('').ok).toBe(false);
  });
});
