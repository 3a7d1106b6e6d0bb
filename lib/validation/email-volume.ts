import { z } from 'zod';
import { ALERT_SEVERITIES } from '@/lib/rules/catalog';
import { minuteOfDay, timeOfDay, TIME_OF_DAY } from '@/lib/rules/time-of-day';

// "Reduce email volume" (issue 12): a rule's coalescing window and a recipient cap, shared by the rule
// schema (the wizard, the rules API, rule files) and the organization settings (a cap per address over
// every rule). Messages are i18n keys in the `validation` namespace, as in lib/validation/rule.ts.
// Both are off unless set: a document without them behaves as rules always have (an email per change,
// no cap), which is why they are optional in the schemas that carry them.

export const COALESCE_MINUTES_MAX = 60;
export const CAP_LIMIT_MAX = 1000;
export const CAP_PERIODS = ['hour', 'day'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

// Strict objects: a key we do not know (`"High"` for `high`, a typo in a rule file) would otherwise be
// dropped without a word and the setting it meant silently not applied. Each gets its own message key,
// as does a value that is not an object at all (`null`), instead of Zod's English sentences.
const objectError = (unknownKey: string, notAnObject: string) => (issue: { code?: string }) =>
  issue.code === 'unrecognized_keys' ? unknownKey : notAnObject;

const minutesMessage = 'coalesceMinutesInvalid';
export const coalescingSchema = z
  .strictObject(
    {
      windowMinutes: z
        .number({ error: minutesMessage })
        .int(minutesMessage)
        .min(0, minutesMessage)
        .max(COALESCE_MINUTES_MAX, minutesMessage),
      highSeverityBypass: z.boolean({ error: 'coalesceBypassInvalid' }),
    },
    { error: objectError('coalesceFieldUnknown', 'coalescingInvalid') },
  )
  .meta({
    description:
      'Coalescing window. Changes of one incident within `windowMinutes` (0–60) of the first become one email; 0 (the default when absent) sends an email per change. `highSeverityBypass`: a new High-severity alert is sent at once rather than waiting (only with a window).',
  })
  .superRefine((value, ctx) => {
    // There is no wait to skip without a window; saying so beats storing a switch that does nothing.
    if (value.highSeverityBypass && value.windowMinutes === 0) {
      ctx.addIssue({ code: 'custom', path: ['highSeverityBypass'], message: 'coalesceBypassNeedsWindow' });
    }
  });

export type Coalescing = z.infer<typeof coalescingSchema>;
export const COALESCING_OFF: Coalescing = { windowMinutes: 0, highSeverityBypass: false };


const limitMessage = 'capLimitInvalid';
// null or absent: no limit for that severity.
const capLimit = z
  .number({ error: limitMessage })
  .int(limitMessage)
  .min(1, limitMessage)
  .max(CAP_LIMIT_MAX, limitMessage)
  .nullable()
  .optional();

export const capLimitsSchema = z.strictObject(
  {
    high: capLimit,
    medium: capLimit,
    low: capLimit,
    informational: capLimit,
  },
  { error: objectError('capSeverityUnknown', 'capLimitsInvalid') },
);
export type CapLimits = z.infer<typeof capLimitsSchema>;

export const recipientCapSchema = z
  .strictObject(
    {
      period: z.enum(CAP_PERIODS, { error: 'capPeriodInvalid' }),
      limits: capLimitsSchema,
      // null or absent: the digest goes at the end of the period; else at this time of day, in the
      // organization's zone. Absent is the natural way to say "no particular time" in a hand-written document.
      digestAt: z
        .string({ error: 'digestTimeInvalid' })
        .meta({ pattern: TIME_OF_DAY.source, description: 'HH:MM, in the organization\'s time zone; null or absent: at the end of the period.' })
        .nullable()
        .default(null),
    },
    { error: objectError('capFieldUnknown', 'recipientCapInvalid') },
  )
  .meta({
    description:
      'Per-recipient cap: at most `limits.<severity>` emails (1–1000) per `period` to one recipient; a severity left out is not limited, and at least one limit is required. Emails over a limit are not dropped: they are listed in a digest sent at the end of the period, or at `digestAt` (HH:MM, the organization\'s time zone). null (the default when absent): no cap.',
  })
  .superRefine((value, ctx) => {
    // A cap that limits nothing would hold nothing back: the user meant something else.
    if (ALERT_SEVERITIES.every((severity) => value.limits[severity] === null || value.limits[severity] === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['limits'], message: 'capLimitRequired' });
    }
    if (value.digestAt !== null) {
      const message = value.digestAt.trim() === '' ? 'digestTimeRequired' : TIME_OF_DAY.test(value.digestAt) ? null : 'digestTimeInvalid';
      if (message) ctx.addIssue({ code: 'custom', path: ['digestAt'], message });
    }
  });

export type RecipientCap = z.infer<typeof recipientCapSchema>;
// As a form or a document holds it before parsing: `digestAt` may still be absent (= null).
export type RecipientCapInput = z.input<typeof recipientCapSchema>;

// Stored form (the columns of NotificationRule and Tenant) <-> the schema's form. Pure.

export type CapColumns = {
  period: CapPeriod | null;
  high: number | null;
  medium: number | null;
  low: number | null;
  informational: number | null;
  digestAtMinute: number | null;
};

export function capFromColumns(columns: CapColumns): RecipientCap | null {
  if (columns.period === null) return null;
  const limits: CapLimits = {};
  // Only the limits set: an API reader sees `{ "high": 4 }`, not four keys of which three are null.
  for (const severity of ALERT_SEVERITIES) {
    if (columns[severity] !== null) limits[severity] = columns[severity];
  }
  return {
    period: columns.period,
    limits,
    digestAt: columns.digestAtMinute === null ? null : timeOfDay(columns.digestAtMinute),
  };
}

export function capToColumns(cap: RecipientCap | null | undefined): CapColumns {
  return {
    period: cap?.period ?? null,
    high: cap?.limits.high ?? null,
    medium: cap?.limits.medium ?? null,
    low: cap?.limits.low ?? null,
    informational: cap?.limits.informational ?? null,
    digestAtMinute: cap?.digestAt ? minuteOfDay(cap.digestAt) : null,
  };
}
