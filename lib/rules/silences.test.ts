import { describe, expect, it } from 'vitest';
import {
  coversEmail, effectiveEnd, instantOfLocal, isInEffect, isTimeZone, localOfInstant, phaseAt, silenceFor, wallClock,
  type Silence, type SilenceCandidate,
} from '@/lib/rules/silences';

const AMS = 'Europe/Amsterdam';
const at = (iso: string) => new Date(iso);

function silence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: 's1',
    startsAt: at('2026-03-01T00:00:00Z'),
    endsAt: at('2026-05-01T00:00:00Z'),
    endedAt: null,
    recurrenceWeekdays: [],
    recurrenceStartMinute: null,
    recurrenceEndMinute: null,
    deviceGroupIds: [],
    detectionSources: [],
    severities: [],
    titleContains: '',
    ruleIds: [],
    ...overrides,
  };
}

const alert = (deviceGroupIds: string[], detectionSource: string | null = 'antivirus', severity = 'high') => ({ deviceGroupIds, detectionSource, severity });

function email(overrides: Partial<SilenceCandidate> = {}): SilenceCandidate {
  return { incidentTitle: 'Ransomware activity on SRV-01', alerts: [alert(['servers'])], ruleIds: ['rule-a'], ...overrides };
}

describe('criteria', () => {
  it('an empty silence covers any email', () => {
    expect(coversEmail(silence(), email())).toBe(true);
  });

  it('ANDs criteria and ORs values within one', () => {
    const s = silence({ deviceGroupIds: ['servers', 'clients'], severities: ['low', 'high'] });
    expect(coversEmail(s, email({ alerts: [alert(['clients'], 'antivirus', 'low')] }))).toBe(true);
    expect(coversEmail(s, email({ alerts: [alert(['clients'], 'antivirus', 'medium')] }))).toBe(false);
    expect(coversEmail(s, email({ alerts: [alert(['dcs'], 'antivirus', 'high')] }))).toBe(false);
  });

  it('holds an email only when every alert it carries is covered', () => {
    const s = silence({ deviceGroupIds: ['servers'] });
    expect(coversEmail(s, email({ alerts: [alert(['servers']), alert(['servers'])] }))).toBe(true);
    expect(coversEmail(s, email({ alerts: [alert(['servers']), alert(['clients'])] }))).toBe(false);
    // An alert on devices in a named group and another one concerns the other group too: not held…
    expect(coversEmail(s, email({ alerts: [alert(['servers', 'clients'])] }))).toBe(false);
    // …unless the silence names both.
    expect(coversEmail(silence({ deviceGroupIds: ['servers', 'clients'] }), email({ alerts: [alert(['servers', 'clients'])] }))).toBe(true);
    // An alert on no device at all is outside any named group.
    expect(coversEmail(s, email({ alerts: [alert([])] }))).toBe(false);
    expect(coversEmail(silence(), email({ alerts: [] }))).toBe(false);
  });

  it('matches detection sources, and an alert without one only when sources are not named', () => {
    const s = silence({ detectionSources: ['antivirus', 'smartScreen'] });
    expect(coversEmail(s, email({ alerts: [alert(['x'], 'smartScreen')] }))).toBe(true);
    expect(coversEmail(s, email({ alerts: [alert(['x'], 'customDetection')] }))).toBe(false);
    expect(coversEmail(s, email({ alerts: [alert(['x'], null)] }))).toBe(false);
    expect(coversEmail(silence(), email({ alerts: [alert(['x'], null)] }))).toBe(true);
  });

  it('matches the title as plain, case-insensitive text (no pattern syntax)', () => {
    expect(coversEmail(silence({ titleContains: 'RANSOMWARE' }), email())).toBe(true);
    expect(coversEmail(silence({ titleContains: 'phishing' }), email())).toBe(false);
    expect(coversEmail(silence({ titleContains: '.*' }), email())).toBe(false);
    expect(coversEmail(silence({ titleContains: '.*' }), email({ incidentTitle: 'Odd .* title' }))).toBe(true);
  });

  it('with rules named, holds an email only when every choosing rule is among them', () => {
    const s = silence({ ruleIds: ['rule-a', 'rule-b'] });
    expect(coversEmail(s, email({ ruleIds: ['rule-a'] }))).toBe(true);
    expect(coversEmail(s, email({ ruleIds: ['rule-a', 'rule-b'] }))).toBe(true);
    expect(coversEmail(s, email({ ruleIds: ['rule-a', 'rule-c'] }))).toBe(false);
    expect(coversEmail(s, email({ ruleIds: [] }))).toBe(false);
  });
});

describe('one-off time window', () => {
  it('is upcoming before its start, active until its end, expired from then', () => {
    const s = silence();
    expect(phaseAt(s, at('2026-02-28T23:59:59Z'))).toBe('upcoming');
    expect(phaseAt(s, at('2026-03-01T00:00:00Z'))).toBe('active');
    expect(phaseAt(s, at('2026-04-30T23:59:59.999Z'))).toBe('active');
    expect(phaseAt(s, at('2026-05-01T00:00:00Z'))).toBe('expired');
    expect(isInEffect(s, at('2026-04-01T00:00:00Z'), AMS)).toBe(true);
    expect(isInEffect(s, at('2026-05-01T00:00:00Z'), AMS)).toBe(false);
  });

  it('ended early stops at that instant', () => {
    const s = silence({ endedAt: at('2026-03-10T12:00:00Z') });
    expect(effectiveEnd(s)).toEqual(at('2026-03-10T12:00:00Z'));
    expect(isInEffect(s, at('2026-03-10T11:59:59Z'), AMS)).toBe(true);
    expect(isInEffect(s, at('2026-03-10T12:00:00Z'), AMS)).toBe(false);
  });

  it('ended before it started (cancelled while upcoming) is expired at once', () => {
    const s = silence({ startsAt: at('2026-04-01T00:00:00Z'), endedAt: at('2026-03-10T12:00:00Z') });
    expect(phaseAt(s, at('2026-03-10T11:00:00Z'))).toBe('upcoming');
    expect(phaseAt(s, at('2026-03-10T12:00:00Z'))).toBe('expired');
    expect(phaseAt(s, at('2026-04-02T00:00:00Z'))).toBe('expired');
  });
});

describe('weekly recurrence in the tenant time zone', () => {
  // Sundays 02:00–04:00 Amsterdam time.
  const sunday = silence({ recurrenceWeekdays: [0], recurrenceStartMinute: 120, recurrenceEndMinute: 240 });

  it('holds inside the window, on the chosen weekday only', () => {
    // 2026-03-08 is a Sunday; Amsterdam is UTC+1 then.
    expect(isInEffect(sunday, at('2026-03-08T00:59:00Z'), AMS)).toBe(false);
    expect(isInEffect(sunday, at('2026-03-08T01:00:00Z'), AMS)).toBe(true);
    expect(isInEffect(sunday, at('2026-03-08T02:59:00Z'), AMS)).toBe(true);
    expect(isInEffect(sunday, at('2026-03-08T03:00:00Z'), AMS)).toBe(false);
    expect(isInEffect(sunday, at('2026-03-09T01:30:00Z'), AMS)).toBe(false);
    // The same instants in UTC are another wall clock.
    expect(isInEffect(sunday, at('2026-03-08T01:30:00Z'), 'UTC')).toBe(false);
    expect(isInEffect(sunday, at('2026-03-08T02:30:00Z'), 'UTC')).toBe(true);
  });

  it('spring DST change (29 March 2026): the window follows the wall clock, 02:00 does not exist so it opens at 03:00 CEST', () => {
    // 01:00Z is when 02:00 CET becomes 03:00 CEST.
    expect(isInEffect(sunday, at('2026-03-29T00:59:00Z'), AMS)).toBe(false); // 01:59 CET
    expect(isInEffect(sunday, at('2026-03-29T01:00:00Z'), AMS)).toBe(true); // 03:00 CEST
    expect(isInEffect(sunday, at('2026-03-29T01:59:00Z'), AMS)).toBe(true); // 03:59 CEST
    expect(isInEffect(sunday, at('2026-03-29T02:00:00Z'), AMS)).toBe(false); // 04:00 CEST
    // A week later the same local window is an hour earlier in UTC.
    expect(isInEffect(sunday, at('2026-04-05T00:00:00Z'), AMS)).toBe(true); // 02:00 CEST
    expect(isInEffect(sunday, at('2026-04-05T02:00:00Z'), AMS)).toBe(false); // 04:00 CEST
  });

  it('autumn DST change (25 October 2026): the repeated hour counts twice, so the window lasts three hours', () => {
    const october = { ...sunday, startsAt: at('2026-10-01T00:00:00Z'), endsAt: at('2026-11-30T00:00:00Z') };
    expect(isInEffect(october, at('2026-10-24T23:59:00Z'), AMS)).toBe(false); // 01:59 CEST
    expect(isInEffect(october, at('2026-10-25T00:00:00Z'), AMS)).toBe(true); // 02:00 CEST
    expect(isInEffect(october, at('2026-10-25T01:30:00Z'), AMS)).toBe(true); // 02:30 CET, the second time
    expect(isInEffect(october, at('2026-10-25T02:59:00Z'), AMS)).toBe(true); // 03:59 CET
    expect(isInEffect(october, at('2026-10-25T03:00:00Z'), AMS)).toBe(false); // 04:00 CET
    expect(isInEffect(october, at('2026-11-01T01:00:00Z'), AMS)).toBe(true); // 02:00 CET
  });

  it('a window crossing midnight belongs to the weekday it starts on', () => {
    // Fridays 22:00 to 06:00 the next morning, Amsterdam (UTC+2 in June).
    const friday = silence({ startsAt: at('2026-06-01T00:00:00Z'), endsAt: at('2026-07-01T00:00:00Z'), recurrenceWeekdays: [5], recurrenceStartMinute: 22 * 60, recurrenceEndMinute: 6 * 60 });
    expect(isInEffect(friday, at('2026-06-05T19:59:00Z'), AMS)).toBe(false); // Fri 21:59
    expect(isInEffect(friday, at('2026-06-05T20:00:00Z'), AMS)).toBe(true); // Fri 22:00
    expect(isInEffect(friday, at('2026-06-06T03:59:00Z'), AMS)).toBe(true); // Sat 05:59
    expect(isInEffect(friday, at('2026-06-06T04:00:00Z'), AMS)).toBe(false); // Sat 06:00
    expect(isInEffect(friday, at('2026-06-06T20:30:00Z'), AMS)).toBe(false); // Sat 22:30
    expect(isInEffect(friday, at('2026-06-05T02:00:00Z'), AMS)).toBe(false); // Fri 04:00: Thursday has no window
  });

  it('never outside startsAt..endsAt, whatever the window says', () => {
    const s = { ...sunday, startsAt: at('2026-03-08T02:00:00Z'), endsAt: at('2026-03-15T02:30:00Z') };
    expect(isInEffect(s, at('2026-03-08T01:30:00Z'), AMS)).toBe(false);
    expect(isInEffect(s, at('2026-03-08T02:30:00Z'), AMS)).toBe(true);
    expect(isInEffect(s, at('2026-03-15T02:15:00Z'), AMS)).toBe(true);
    expect(isInEffect(s, at('2026-03-15T02:30:00Z'), AMS)).toBe(false);
  });
});

describe('silenceFor', () => {
  it('returns the first silence in effect that covers the email', () => {
    const later = silence({ id: 'later', startsAt: at('2026-04-01T00:00:00Z') });
    const servers = silence({ id: 'servers', deviceGroupIds: ['servers'] });
    const clients = silence({ id: 'clients', deviceGroupIds: ['clients'] });
    expect(silenceFor([later, clients, servers], email(), at('2026-03-15T00:00:00Z'), AMS)?.id).toBe('servers');
    expect(silenceFor([later, clients], email(), at('2026-03-15T00:00:00Z'), AMS)).toBeNull();
  });
});

describe('wall clock conversions', () => {
  it('reads the local date, weekday and minute', () => {
    expect(wallClock(at('2026-03-29T01:00:00Z'), AMS)).toEqual({ year: 2026, month: 3, day: 29, weekday: 0, minute: 180 });
    expect(wallClock(at('2026-12-31T23:30:00Z'), AMS)).toEqual({ year: 2027, month: 1, day: 1, weekday: 5, minute: 30 });
  });

  it('turns a local time into an instant, across both DST changes', () => {
    expect(instantOfLocal('2026-01-15T09:00', AMS)).toEqual(at('2026-01-15T08:00:00Z'));
    expect(instantOfLocal('2026-07-15T09:00', AMS)).toEqual(at('2026-07-15T07:00:00Z'));
    // Skipped in spring: read with the winter offset, so it lands an hour later on the wall.
    expect(instantOfLocal('2026-03-29T02:30', AMS)).toEqual(at('2026-03-29T01:30:00Z'));
    // Repeated in autumn: the first of the two.
    expect(instantOfLocal('2026-10-25T02:30', AMS)).toEqual(at('2026-10-25T00:30:00Z'));
    expect(instantOfLocal('2026-10-25T09:00', 'UTC')).toEqual(at('2026-10-25T09:00:00Z'));
    expect(instantOfLocal('2026-02-30T09:00', AMS)).toBeNull();
    expect(instantOfLocal('tomorrow', AMS)).toBeNull();
  });

  it('shows an instant as a local datetime-local value', () => {
    expect(localOfInstant(at('2026-10-25T00:30:00Z'), AMS)).toBe('2026-10-25T02:30');
    expect(localOfInstant(at('2026-10-25T01:30:00Z'), AMS)).toBe('2026-10-25T02:30');
    expect(localOfInstant(at('2026-03-29T01:30:00Z'), 'America/New_York')).toBe('2026-03-28T21:30');
  });

  it('knows IANA zone names', () => {
    expect(isTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
