// Does a silence cover an email at an instant? Pure: the dispatcher (lib/notifications/silence-check.ts)
// loads what it needs and asks here, so every rule of the decision is unit-tested without a database.
//
// Criteria are ANDed, values within one criterion ORed, and an empty criterion matches anything. An email
// is held back only when EVERY alert it carries matches: a silence never hides an alert outside what it
// names. Recurring windows follow the tenant's wall clock (Intl, no date library), so a window "Sunday
// 02:00–04:00 Europe/Amsterdam" stays at 02:00 local time on both sides of a DST change.

export type SilenceTiming = {
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  // Empty: not recurring. 0 = Sunday … 6 = Saturday, the weekday a window starts on.
  recurrenceWeekdays: readonly number[];
  recurrenceStartMinute: number | null;
  recurrenceEndMinute: number | null;
};

export type SilenceCriteria = {
  deviceGroupIds: readonly string[];
  detectionSources: readonly string[];
  severities: readonly string[];
  titleContains: string;
  ruleIds: readonly string[];
};

export type Silence = SilenceTiming & SilenceCriteria & { id: string };

export type SilencedAlert = { deviceGroupIds: readonly string[]; detectionSource: string | null; severity: string };

export type SilenceCandidate = {
  incidentTitle: string;
  // The alerts this email shows (Delivery.alertExternalIds), never empty for an incident email.
  alerts: readonly SilencedAlert[];
  // Every rule that chose the email.
  ruleIds: readonly string[];
};

// When the silence stops, whatever its recurrence: its end, or when someone ended it early.
export function effectiveEnd(silence: Pick<SilenceTiming, 'endsAt' | 'endedAt'>): Date {
  return silence.endedAt && silence.endedAt < silence.endsAt ? silence.endedAt : silence.endsAt;
}

export type SilencePhase = 'upcoming' | 'active' | 'expired';

// A silence ended before it started (cancelled while upcoming) is expired at once.
export function phaseAt(silence: Pick<SilenceTiming, 'startsAt' | 'endsAt' | 'endedAt'>, at: Date): SilencePhase {
  if (at >= effectiveEnd(silence)) return 'expired';
  return at < silence.startsAt ? 'upcoming' : 'active';
}

// phaseAt(silence, at) === 'active' as a database filter, for the queries that load the silences to judge.
export const activeAt = (at: Date) => ({ startsAt: { lte: at }, endsAt: { gt: at }, OR: [{ endedAt: null }, { endedAt: { gt: at } }] });

export const isRecurring = (silence: Pick<SilenceTiming, 'recurrenceWeekdays'>) => silence.recurrenceWeekdays.length > 0;

// Holds emails at this instant: inside startsAt..end and, for a recurring silence, inside one of its windows.
export function isInEffect(silence: SilenceTiming, at: Date, timeZone: string): boolean {
  if (phaseAt(silence, at) !== 'active') return false;
  if (!isRecurring(silence)) return true;
  return inWeeklyWindow(silence, wallClock(at, timeZone));
}

export function coversEmail(silence: SilenceCriteria, email: SilenceCandidate): boolean {
  if (email.alerts.length === 0) return false;
  const title = silence.titleContains.trim().toLowerCase();
  if (title && !email.incidentTitle.toLowerCase().includes(title)) return false;
  // Every rule that chose the email must be silenced: another rule still wants it sent.
  if (silence.ruleIds.length > 0 && !(email.ruleIds.length > 0 && email.ruleIds.every((id) => silence.ruleIds.includes(id)))) return false;
  return email.alerts.every((alert) => coversAlert(silence, alert));
}

function coversAlert(silence: SilenceCriteria, alert: SilencedAlert): boolean {
  // Every group of the alert must be named: an alert on devices in a named group and in another concerns
  // that other group's people too, and a user who may silence only the first must not hide it from them.
  if (silence.deviceGroupIds.length > 0 && !(alert.deviceGroupIds.length > 0 && alert.deviceGroupIds.every((id) => silence.deviceGroupIds.includes(id)))) {
    return false;
  }
  if (silence.detectionSources.length > 0 && !(alert.detectionSource && silence.detectionSources.includes(alert.detectionSource))) return false;
  return silence.severities.length === 0 || silence.severities.includes(alert.severity);
}

// The first silence (oldest first, so the answer does not depend on load order) that holds this email now.
export function silenceFor<S extends Silence>(silences: readonly S[], email: SilenceCandidate, at: Date, timeZone: string): S | null {
  return silences.find((silence) => isInEffect(silence, at, timeZone) && coversEmail(silence, email)) ?? null;
}

// ---------------------------------------------------------------------------------------------------
// Wall clock

export type WallClock = { year: number; month: number; day: number; weekday: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// The date and minute of the day a clock on the wall in `timeZone` shows at this instant.
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return { year: parts.year, month: parts.month, day: parts.day, weekday, minute: parts.hour * 60 + parts.minute };
}

function inWeeklyWindow(silence: SilenceTiming, clock: WallClock): boolean {
  const start = silence.recurrenceStartMinute ?? 0;
  const end = silence.recurrenceEndMinute ?? 0;
  const days = silence.recurrenceWeekdays;
  if (end > start) return days.includes(clock.weekday) && clock.minute >= start && clock.minute < end;
  // Crosses midnight: the evening part belongs to today's window, the morning part to yesterday's.
  return (days.includes(clock.weekday) && clock.minute >= start) || (days.includes((clock.weekday + 6) % 7) && clock.minute < end);
}

// The instant a wall clock in `timeZone` shows `local` ("YYYY-MM-DDTHH:mm"). In the hour a spring DST change
// skips, the time is read with the offset from before the change (02:30 becomes 03:30); in the hour an
// autumn change repeats, the first of the two is meant.
export function instantOfLocal(local: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(asUtc) || new Date(asUtc).getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // Offsets in effect a day either side; try the earlier one first, so an ambiguous time takes the first.
  const offsets = [...new Set([offsetAt(asUtc - 86_400_000, timeZone), offsetAt(asUtc + 86_400_000, timeZone)])].sort((a, b) => b - a);
  for (const offset of offsets) {
    const candidate = asUtc - offset;
    if (offsetAt(candidate, timeZone) === offset) return new Date(candidate);
  }
  // Skipped by a spring change: the smaller offset is the one from before it.
  return new Date(asUtc - offsets[offsets.length - 1]);
}

// The wall clock's offset from UTC at this instant, in milliseconds.
function offsetAt(instant: number, timeZone: string): number {
  const clock = wallClock(new Date(instant), timeZone);
  const whole = Math.floor(instant / 60_000) * 60_000;
  return Date.UTC(clock.year, clock.month - 1, clock.day, Math.floor(clock.minute / 60), clock.minute % 60) - whole;
}

// "YYYY-MM-DDTHH:mm" as the wall clock in `timeZone` shows this instant: what a datetime-local input holds.
export function localOfInstant(at: Date, timeZone: string): string {
  const clock = wallClock(at, timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}T${pad(Math.floor(clock.minute / 60))}:${pad(clock.minute % 60)}`;
}

export function isTimeZone(name: string): boolean {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone.length > 0 && supportedTimeZones().has(name);
  } catch {
    return false;
  }
}

let supported: Set<string> | undefined;
function supportedTimeZones(): Set<string> {
  // "UTC" is valid everywhere but not always in the list.
  supported ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return supported;
}
