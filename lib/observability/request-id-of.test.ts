import { describe, expect, it } from 'vitest';
import { requestIdOf } from '@/lib/observability/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('keeps a sane X-Request-Id', () => {
    expect(requestIdOf(new Headers({ 'x-request-id': 'abc-123_XYZ.7' }))).toBe('abc-123_XYZ.7');
  });

  it('makes a UUID when there is none, or it could forge a log line or is too long', () => {
    expect(requestIdOf(new Headers())).toMatch(UUID);
    expect(requestIdOf(new Headers({ 'x-request-id': 'a b' }))).toMatch(UUID);
    expect(requestIdOf(new Headers({ 'x-request-id': 'x'.repeat(129) }))).toMatch(UUID);
    expect(requestIdOf(new Headers({ 'x-request-id': '"}{"level":60' }))).toMatch(UUID);
  });
});
