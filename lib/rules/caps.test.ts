import { describe, expect, it } from 'vitest';
import { capDecision, digestSendAt, emailSeverity, limitFor, nextTimeOfDay, parseHeldReason, periodAt, type CapSettings } from '@/lib/rules/caps';

const AMS = 'Europe/Amsterdam';
const iso = (date: Date) => date.toISOString();
const cap = (over: Partial<CapSettings> = {}): CapSettings => ({
  period: 'day',
  limits: { high: 4, medium: 2, low: 1, informational: null },
  digestAtMinute: null,
  ...over,
});

describe('emailSeverity', () => {
  it('is the highest known severity of the alerts shown', () => {
    expect(emailSeverity(['low', 'high', 'medium'])).toBe('high');
    expect(emailSeverity(['informational', 'low'])).toBe('low');
    expect(emailSeverity(['unknownFutureValue', 'medium'])).toBe('medium');
  });
  it('is null when no alert has a known severity, so the email is not capped', () => {
    expect(emailSeverity([])).toBeNull();
    expect(emailSeverity(['unknownFutureValue', 'constructor'])).toBeNull();
  });
});

describe('limitFor', () => {
  it('reads the severity limit of a cap with a period, and nothing without one', () => {
    expect(limitFor(cap(), 'medium')).toBe(2);
    expect(limitFor(cap(), 'informational')).toBeNull();
    expect(limitFor(cap({ period: null }), 'high')).toBeNull();
    expect(limitFor(cap({ limits: { high: 0, medium: null, low: null, informational: null } }), 'high')).toBe(0);
  });
});

describe('periodAt', () => {
  it('is the calendar hour on the tenant wall clock, also in a half-hour zone', () => {
    expect(periodAt(new Date('2026-03-10T10:42:17.5Z'), 'hour', AMS)).toEqual({
      start: new Date('2026-03-10T10:00:00Z'),
      end: new Date('2026-03-10T11:00:00Z'),
    });
    const kolkata = periodAt(new Date('2026-03-10T10:42:00Z'), 'hour', 'Asia/Kolkata');
    expect([iso(kolkata.start), iso(kolkata.end)]).toEqual(['2026-03-10T10:30:00.000Z', '2026-03-10T11:30:00.000Z']);
  });

  it('tells the two 02:00 hours of the autumn DST change apart', () => {
    const first = periodAt(new Date('2026-10-25T00:30:00Z'), 'hour', AMS); // 02:30 CEST
    const second = periodAt(new Date('2026-10-25T01:30:00Z'), 'hour', AMS); // 02:30 CET
    expect(iso(first.start)).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(second.start)).toBe('2026-10-25T01:00:00.000Z');
  });

  it('is the calendar day from local midnight to local midnight: 23 hours in spring, 25 in autumn', () => {
    const plain = periodAt(new Date('2026-03-10T23:30:00Z'), 'day', AMS); // 00:30 on the 11th
    expect([iso(plain.start), iso(plain.end)]).toEqual(['2026-03-10T23:00:00.000Z', '2026-03-11T23:00:00.000Z']);
    const spring = periodAt(new Date('2026-03-29T12:00:00Z'), 'day', AMS);
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = periodAt(new Date('2026-10-25T12:00:00Z'), 'day', AMS);
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(iso(periodAt(new Date('2026-03-10T12:00:00Z'), 'day', 'UTC').start)).toBe('2026-03-10T00:00:00.000Z');
  });

  it('throws for a zone the runtime cannot read (the caller decides what that means)', () => {
    expect(() => periodAt(new Date(), 'day', 'Mars/Olympus_Mons')).toThrow();
  });
});

describe('nextTimeOfDay and digestSendAt', () => {
  it('is the next time the wall clock shows that minute, today or tomorrow', () => {
    expect(iso(nextTimeOfDay(new Date('2026-03-10T06:00:00Z'), 8 * 60, AMS))).toBe('2026-03-10T07:00:00.000Z');
    expect(iso(nextTimeOfDay(new Date('2026-03-10T07:00:00Z'), 8 * 60, AMS))).toBe('2026-03-11T07:00:00.000Z');
  });

  it('keeps local time across DST changes, and moves a skipped time to the clock after the jump', () => {
    // 08:00 local is 07:00 UTC before the spring change and 06:00 UTC after it.
    expect(iso(nextTimeOfDay(new Date('2026-03-28T12:00:00Z'), 8 * 60, AMS))).toBe('2026-03-29T06:00:00.000Z');
    expect(iso(nextTimeOfDay(new Date('2026-10-24T12:00:00Z'), 8 * 60, AMS))).toBe('2026-10-25T07:00:00.000Z');
    // 02:30 does not exist on 29 March: 03:30 CEST.
    expect(iso(nextTimeOfDay(new Date('2026-03-28T12:00:00Z'), 150, AMS))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('sends a digest at the period end unless a time of day is chosen', () => {
    const at = new Date('2026-03-10T10:42:00Z');
    expect(iso(digestSendAt(cap({ period: 'hour' }), at, AMS))).toBe('2026-03-10T11:00:00.000Z');
    expect(iso(digestSendAt(cap({ period: 'day' }), at, AMS))).toBe('2026-03-10T23:00:00.000Z');
    expect(iso(digestSendAt(cap({ period: 'day', digestAtMinute: 17 * 60 + 30 }), at, AMS))).toBe('2026-03-10T16:30:00.000Z');
  });
});

describe('capDecision', () => {
  const use = (key: string, limit: number, sent: number) => ({ key, limit, sent });

  it('holds when the per-address cap is used up, whatever the rules say', () => {
    expect(capDecision(use('address', 2, 2), [null])).toEqual({ held: true, by: use('address', 2, 2) });
    expect(capDecision(use('address', 2, 1), [use('r1', 1, 1)])).toEqual({ held: true, by: use('r1', 1, 1) });
  });

  it('holds for the rules only when every choosing rule has used up its cap', () => {
    expect(capDecision(null, [use('r1', 1, 1), use('r2', 3, 3)])).toEqual({ held: true, by: use('r1', 1, 1) });
    expect(capDecision(null, [use('r1', 1, 1), use('r2', 3, 2)])).toEqual({ held: false });
    // A rule without a cap for this severity (or deleted) still wants the email sent.
    expect(capDecision(null, [use('r1', 1, 1), null])).toEqual({ held: false });
    expect(capDecision(null, [])).toEqual({ held: false });
    // A limit of zero holds every email of that severity.
    expect(capDecision(null, [use('r1', 0, 0)])).toEqual({ held: true, by: use('r1', 0, 0) });
  });
});

describe('parseHeldReason', () => {
  it('reads back what the dispatcher stores, and refuses anything else', () => {
    const rule = { scope: 'rule', ruleId: 'r1', ruleName: 'SOC', severity: 'high', limit: 2, period: 'hour' };
    expect(parseHeldReason(rule)).toEqual(rule);
    expect(parseHeldReason({ scope: 'address', severity: 'low', limit: 0, period: 'day' })).toEqual({ scope: 'address', severity: 'low', limit: 0, period: 'day' });
    expect(parseHeldReason(null)).toBeNull();
    expect(parseHeldReason([rule])).toBeNull();
    expect(parseHeldReason({ ...rule, scope: 'tenant' })).toBeNull();
    expect(parseHeldReason({ ...rule, severity: 'critical' })).toBeNull();
    expect(parseHeldReason({ ...rule, period: 'week' })).toBeNull();
    expect(parseHeldReason({ ...rule, limit: -1 })).toBeNull();
  });
});
