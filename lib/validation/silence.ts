import { z } from 'zod';
import { ALERT_SEVERITIES, DETECTION_SOURCE_VALUES } from '@/lib/rules/catalog';
import { TIME_OF_DAY } from '@/lib/rules/time-of-day';

// A silence as the create form and the createSilence action both check it. Times are what a datetime-local
// input holds ("YYYY-MM-DDTHH:mm") on the tenant's wall clock; lib/data/silences.ts turns them into instants
// in the tenant's time zone and checks them again there (against now, and exactly across DST changes).

export const SILENCE_NAME_MAX = 100;
export const SILENCE_COMMENT_MAX = 1000;
export const SILENCE_TITLE_MAX = 200;
// No silence lasts forever: a forgotten one would hide real incidents.
export const SILENCE_MAX_DAYS = 90;
export const WEEKDAYS = ['0', '1', '2', '3', '4', '5', '6'] as const;

const LOCAL_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/;

const localDateTime = (required: string) => z.string().trim().min(1, required).regex(LOCAL_DATE_TIME, 'silenceTimeInvalid');

// Minutes between two wall-clock values read as UTC: exact enough for the form's checks (an hour off
// across a DST change at most); the data layer measures the instants.
export function wallMinutes(local: string): number {
  return Date.parse(`${local}:00Z`) / 60_000;
}

const unique = <T,>(values: T[]) => new Set(values).size === values.length;

export const silenceSchema = z
  .object({
    name: z.string().trim().min(1, 'silenceNameRequired').max(SILENCE_NAME_MAX, 'silenceNameTooLong'),
    comment: z.string().trim().max(SILENCE_COMMENT_MAX, 'silenceCommentTooLong'),
    deviceGroupIds: z.array(z.uuid('deviceGroupUnknown')).max(200).refine(unique, 'deviceGroupDuplicate'),
    detectionSources: z.array(z.enum(DETECTION_SOURCE_VALUES, 'invalid')).refine(unique, 'invalid'),
    severities: z.array(z.enum(ALERT_SEVERITIES, 'invalid')).refine(unique, 'invalid'),
    // Plain text, never a pattern: user input is not run as a regular expression.
    titleContains: z.string().trim().max(SILENCE_TITLE_MAX, 'silenceTitleTooLong'),
    ruleIds: z.array(z.uuid('silenceRuleUnknown')).max(200).refine(unique, 'invalid'),
    startsAt: localDateTime('silenceStartRequired'),
    endsAt: localDateTime('silenceEndRequired'),
    recurring: z.boolean(),
    weekdays: z.array(z.enum(WEEKDAYS, 'invalid')).refine(unique, 'invalid'),
    windowStart: z.string().trim(),
    windowEnd: z.string().trim(),
  })
  .superRefine((value, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (LOCAL_DATE_TIME.test(value.startsAt) && LOCAL_DATE_TIME.test(value.endsAt)) {
      const minutes = wallMinutes(value.endsAt) - wallMinutes(value.startsAt);
      if (minutes <= 0) issue('endsAt', 'silenceEndBeforeStart');
      else if (minutes > SILENCE_MAX_DAYS * 24 * 60) issue('endsAt', 'silenceTooLong');
    }
    if (!value.recurring) return;
    if (value.weekdays.length === 0) issue('weekdays', 'silenceWeekdaysRequired');
    if (!TIME_OF_DAY.test(value.windowStart)) issue('windowStart', 'silenceTimeOfDayInvalid');
    if (!TIME_OF_DAY.test(value.windowEnd)) issue('windowEnd', 'silenceTimeOfDayInvalid');
    else if (value.windowEnd === value.windowStart) issue('windowEnd', 'silenceWindowEmpty');
  });

export const silenceIdSchema = z.object({ id: z.uuid('silenceNotFound') });
export const extendSilenceSchema = z.object({ id: z.uuid('silenceNotFound'), endsAt: localDateTime('silenceEndRequired') });

export type SilenceInput = z.infer<typeof silenceSchema>;
export type SilenceFormValues = z.input<typeof silenceSchema>;
export type ExtendSilenceInput = z.infer<typeof extendSilenceSchema>;
