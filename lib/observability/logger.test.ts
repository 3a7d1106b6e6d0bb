import { afterEach, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/generated/prisma/client';
import { createLogger, errorFields } from '@/lib/observability/logger';
import { captureOutput, loggedEvents } from '@/lib/security/testing/log-capture';

let output: ReturnType<typeof captureOutput> | undefined;
const capture = () => (output = captureOutput());
afterEach(() => output?.restore());

describe('JSON log lines (the default)', () => {
  it('writes one JSON object per event to stdout, with level, ISO time, msg and the given fields', () => {
    const printed = capture();
    createLogger({}).warn({ requestId: 'req-1', tenantId: 'tenant-1' }, 'something happened');
    const lines = printed.text().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(event).toEqual({
      level: 'warn',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: 'something happened',
      requestId: 'req-1',
      tenantId: 'tenant-1',
    });
  });

  it('keeps an error’s message and stack without the arguments Prisma renders into its message', () => {
    const printed = capture();
    const hash = 'sha256-of-a-key-0f9e8d7c6b5a4f3e2d1c';
    const failed = new Prisma.PrismaClientValidationError(
      ['Invalid `prisma.apiKey.create()` invocation:', '', `{ data: { keyHash: "${hash}" }, defect: true }`, '',
        'Unknown argument `defect`. Available options are marked with ?.'].join('\n'),
      { clientVersion: 'test' },
    );
    createLogger({}).error({ action: 'createApiKey', ...errorFields(failed) }, 'action failed');
    const [event] = loggedEvents(printed.text());
    expect(event.error).toMatch(/^PrismaClientValidationError: Unknown argument `defect`/);
    expect(event.error).toMatch(/\n\s+at /);
    expect(printed.text()).not.toContain(hash);
    expect(printed.text()).not.toContain('keyHash');
  });

  it('redacts fields named like secrets, at the top level and one level down', () => {
    const printed = capture();
    createLogger({}).info({ password: 'hunter2-hunter2', user: { token: 'tok-123456789012' } }, 'redaction');
    expect(loggedEvents(printed.text())[0]).toMatchObject({ password: '[redacted]', user: { token: '[redacted]' } });
  });

  it('drops events below LOG_LEVEL, and an unknown level falls back to info', () => {
    const printed = capture();
    createLogger({ LOG_LEVEL: 'warn' }).info('hidden');
    createLogger({ LOG_LEVEL: 'loud' }).debug('hidden too');
    createLogger({ LOG_LEVEL: 'loud' }).info('shown');
    expect(loggedEvents(printed.text()).map((event) => event.msg)).toEqual(['shown']);
  });
});

describe('LOG_FORMAT=pretty', () => {
  it('prints the event readably, not as JSON, still through stdout', () => {
    const printed = capture();
    createLogger({ LOG_FORMAT: 'pretty' }).info({ tenantId: 'tenant-1' }, 'readable line');
    const text = printed.text();
    expect(text).toMatch(/INFO.*readable line/);
    expect(text).toContain('tenantId: "tenant-1"');
    expect(loggedEvents(text)).toEqual([]);
    expect(() => JSON.parse(text)).toThrow();
  });
});
