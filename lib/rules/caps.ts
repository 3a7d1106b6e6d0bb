import { instantOfLocal, localOfInstant, wallClock } from '@/lib/rules/silences';
import { timeOfDay } from '@/lib/rules/time-of-day';

// Per-recipient caps (issue 12 part 2), the pure half: which calendar period an instant falls in, what a
// cap allows for a severity, when its digest goes out, and whether an email is held. The dispatcher
// (lib/notifications/cap-check.ts) loads the counters and asks here, so every rule below is unit-tested.
//
// Periods are the calendar hour or day on the tenant's wall clock, so "2 per day" resets at local
// midnight: a day in Europe/Amsterdam is 23 or 25 hours long on the days DST changes.

export type CapPeriod = 'hour' | 'day';
export type CapSeverity = 'high' | 'medium' | 'low' | 'informational';

// A rule's or the tenant's cap settings, as stored (null period = no cap; null limit = no limit).
export type CapSettings = {
  period: CapPeriod | null;
  limits: Readonly<Record<CapSeverity, number | null>>;
  digestAtMinute: number | null;
};

export type Period = { start: Date; end: Date };

const SEVERITY_ORDER: readonly CapSeverity[] = ['informational', 'low', 'medium', 'high'];
const MINUTE = 60_000;

// The email's severity for its caps: the highest among the alerts it shows. Null when none is a known
// severity: an email that cannot be classed is not capped (holding it could hide something serious).
export function emailSeverity(alertSeverities: readonly string[]): CapSeverity | null {
  const ranks = alertSeverities.map((severity) => SEVERITY_ORDER.indexOf(severity as CapSeverity)).filter((rank) => rank >= 0);
  return ranks.length ? SEVERITY_ORDER[Math.max(...ranks)]! : null;
}

// The limit a cap sets for a severity, or null when it does not cap that severity at all.
export function limitFor(cap: CapSettings, severity: CapSeverity): number | null {
  if (!cap.period) return null;
  return cap.limits[severity];
}

// The calendar hour or day of `timeZone` that contains `at`. Throws when the runtime cannot read the zone.
export function periodAt(at: Date, period: CapPeriod, timeZone: string): Period {
  if (period === 'hour') {
    // Offsets are whole minutes in every zone in use, so the wall clock's minutes and seconds since the
    // hour are the instant's: a half-hour zone (Asia/Kolkata) starts its hours at :30 UTC.
    const clock = wallClock(at, timeZone);
    const start = Math.floor(at.getTime() / MINUTE) * MINUTE - (clock.minute % 60) * MINUTE;
    return { start: new Date(start), end: new Date(start + 60 * MINUTE) };
  }
  const today = localOfInstant(at, timeZone).slice(0, 10);
  const start = instantOfLocal(`${today}T00:00`, timeZone)!;
  const end = instantOfLocal(`${nextDate(today)}T00:00`, timeZone)!;
  return { start, end };
}

// The first instant after `at` at which the wall clock in `timeZone` shows `minuteOfDay` (0..1439). On the
// day a spring change skips that time, the instant the clock jumps to (02:30 becomes 03:30).
export function nextTimeOfDay(at: Date, minuteOfDay: number, timeZone: string): Date {
  const hhmm = timeOfDay(minuteOfDay);
  let date = localOfInstant(at, timeZone).slice(0, 10);
  // Two days ahead at most: today's time may have passed, and a skipped time can land before `at`.
  for (let i = 0; i < 3; i++) {
    const candidate = instantOfLocal(`${date}T${hhmm}`, timeZone)!;
    if (candidate.getTime() > at.getTime()) return candidate;
    date = nextDate(date);
  }
  throw new Error(`no ${hhmm} after ${at.toISOString()} in ${timeZone}`);
}

// When the digest of what this cap held at `at` goes out: the chosen time of day, else the period's end.
export function digestSendAt(cap: CapSettings, at: Date, timeZone: string): Date {
  if (cap.digestAtMinute !== null && cap.digestAtMinute >= 0 && cap.digestAtMinute < 24 * 60) {
    return nextTimeOfDay(at, cap.digestAtMinute, timeZone);
  }
  return periodAt(at, cap.period ?? 'day', timeZone).end;
}

export type CapUse<K> = { key: K; limit: number; sent: number };

// The decision for one email. It is held when the per-address cap is used up, or when every rule that
// chose it caps this severity and has used that up: one rule still willing to send lets it through.
// `rules` has one entry per choosing rule, null for a rule that does not cap this severity (or is deleted).
export function capDecision<K>(address: CapUse<K> | null, rules: readonly (CapUse<K> | null)[]): { held: false } | { held: true; by: CapUse<K> } {
  if (address && address.sent >= address.limit) return { held: true, by: address };
  if (rules.length === 0 || rules.some((rule) => rule === null || rule.sent < rule.limit)) return { held: false };
  return { held: true, by: rules[0]! };
}

function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

// Why a delivery was held (Delivery.heldReason), as the delivery log, the incident view and the digest read it.
export type HeldReason = {
  scope: 'rule' | 'address';
  ruleId?: string;
  ruleName?: string;
  severity: CapSeverity;
  limit: number;
  period: CapPeriod;
};

// The stored JSON back as a HeldReason; null for anything else (a row written by a later version, say).
export function parseHeldReason(value: unknown): HeldReason | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const reason = value as Record<string, unknown>;
  if (reason.scope !== 'rule' && reason.scope !== 'address') return null;
  if (!SEVERITY_ORDER.includes(reason.severity as CapSeverity)) return null;
  if (reason.period !== 'hour' && reason.period !== 'day') return null;
  if (typeof reason.limit !== 'number' || !Number.isInteger(reason.limit) || reason.limit < 0) return null;
  return {
    scope: reason.scope,
    ...(typeof reason.ruleId === 'string' ? { ruleId: reason.ruleId } : {}),
    ...(typeof reason.ruleName === 'string' ? { ruleName: reason.ruleName } : {}),
    severity: reason.severity as CapSeverity,
    limit: reason.limit,
    period: reason.period,
  };
}
