import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '@/lib/validation/calendar-day';

describe('isCalendarDay', () => {
  it('takes real days of years 0001 to 9998 as written', () => {
    for (const day of ['2026-12-06', '0001-01-01', '2024-02-29', '9998-12-31']) expect(isCalendarDay(day)).toBe(true);
  });

  it('refuses year 0000 (PostgreSQL has none), 9999, impossible days and other shapes', () => {
    for (const day of ['0000-01-01', '9999-01-01', '2026-02-30', '2025-02-29', '2026-13-01', '26-12-06', '2026-12-6', '', '2026-12-06T00:00']) {
      expect(isCalendarDay(day)).toBe(false);
    }
  });
});
