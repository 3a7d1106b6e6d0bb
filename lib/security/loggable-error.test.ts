import { describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/generated/prisma/client';
import { loggableError } from '@/lib/security/loggable-error';

describe('loggableError', () => {
  it('keeps name, code, message and stack frames of an ordinary error, and its cause', () => {
    const error = Object.assign(new TypeError('bug', { cause: new Error('root cause') }), { code: 'E_BUG' });
    const text = loggableError(error);
    expect(text).toMatch(/^TypeError E_BUG: bug\n {4}at /);
    expect(text).toContain('loggable-error.test.ts');
    expect(text).toMatch(/\ncaused by Error: root cause\n {4}at /);
  });

  it('keeps only the explanation of a Prisma message, which renders the arguments of the failed call', () => {
    const message = '\nInvalid `client.apiKey.update()` invocation:\n\n{\n  data: {\n    signingSecret: "imsig_secret-value"\n  }\n}\n\nUnknown argument `defect`.';
    const text = loggableError(new Prisma.PrismaClientValidationError(message, { clientVersion: 'test' }));
    expect(text).toMatch(/^PrismaClientValidationError: Unknown argument `defect`\.\n/);
    expect(text).not.toContain('imsig_secret-value');
    const known = new Prisma.PrismaClientKnownRequestError('Invalid call\n  keyHash: "abc"\nUnique constraint failed', { code: 'P2002', clientVersion: 'test' });
    expect(loggableError(known).split('\n')[0]).toBe('PrismaClientKnownRequestError P2002: Unique constraint failed');
  });

  it('leaves out whatever else an error carries, and what is not an error at all', () => {
    const error = Object.assign(new Error('request failed'), { request: { headers: { authorization: 'Bearer imk_secret' } } });
    expect(loggableError(error)).not.toContain('imk_secret');
    expect(loggableError({ authorization: 'Bearer imk_secret' })).toBe('thrown non-Error object');
    expect(loggableError('boom')).toBe('thrown boom');
  });
});
