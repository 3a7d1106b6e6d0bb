import { z } from 'zod';
import { calendarDay } from '@/lib/validation/calendar-day';

// Filters of the audit log, from the page's query string and the CSV export's. Unlike the delivery log,
// a malformed value is reported (the page shows which filter it ignored; the export refuses with 400):
// an audit answer filtered differently from what was asked could mislead whoever reads it.

export const AUDIT_TARGET_TYPES = ['rule', 'deviceGroup', 'apiKey', 'user', 'rbacRole', 'silence', 'tenant'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export const AUDIT_ACTOR_MAX = 254;
// A calendar day (UTC) as YYYY-MM-DD (lib/validation/calendar-day.ts).
const day = calendarDay('dateInvalid');

const FIELDS = {
  targetType: z.enum(AUDIT_TARGET_TYPES, 'targetTypeUnknown'),
  targetId: z.uuid('targetIdInvalid'),
  // Matched case-insensitively: an API key's prefix (api-key:imk_AbC…) is mixed-case.
  actor: z.string().trim().max(AUDIT_ACTOR_MAX, 'actorTooLong'),
  from: day,
  to: day,
  // Id of the last entry of the previous page.
  cursor: z.uuid('cursorInvalid'),
};

export type AuditLogFilter = { [K in keyof typeof FIELDS]?: z.infer<(typeof FIELDS)[K]> };
export type AuditLogFilterField = keyof AuditLogFilter;
export const AUDIT_LOG_FILTER_FIELDS = Object.keys(FIELDS) as AuditLogFilterField[];

// Each field on its own, so one bad value costs only that filter. Empty values are no filter. `errors` maps
// a field to the key of its message under auditLog.errors.
export function parseAuditLogFilter(read: (field: AuditLogFilterField) => string | null | undefined): {
  filter: AuditLogFilter;
  errors: Partial<Record<AuditLogFilterField, string>>;
} {
  const filter: Record<string, string> = {};
  const errors: Partial<Record<AuditLogFilterField, string>> = {};
  for (const field of AUDIT_LOG_FILTER_FIELDS) {
    const raw = read(field)?.trim();
    if (!raw) continue;
    const parsed = FIELDS[field].safeParse(raw);
    if (parsed.success) {
      if (parsed.data) filter[field] = parsed.data;
    } else errors[field] = parsed.error.issues[0]?.message ?? 'invalid';
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'dateRangeReversed';
    delete filter.from;
    delete filter.to;
  }
  return { filter: filter as AuditLogFilter, errors };
}

// The filter from URL search params (a page's or a request's).
export function auditLogFilterFromParams(params: URLSearchParams) {
  return parseAuditLogFilter((field) => params.get(field));
}

// The instants a day filter stands for: from the start of `from` up to (not including) the day after `to`.
export function auditLogTimeRange(filter: AuditLogFilter): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (filter.from) range.gte = new Date(`${filter.from}T00:00:00Z`);
  if (filter.to) range.lt = new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000);
  return range;
}
