import { z } from 'zod';

const DAY = /^(\d{4})-\d{2}-\d{2}$/;

// A calendar day (UTC) as YYYY-MM-DD, for the date filters of the portal's lists. 2026-02-30 is refused
// rather than rolled into March; so is year 0000, which PostgreSQL does not have (it failed the query: a
// 500), and 9999, whose day after (an exclusive upper bound) would leave the four-digit years.
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  if (year < 1 || year > 9998) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const calendarDay = (message: string) => z.string().trim().refine(isCalendarDay, message);
