import type { TenantContext } from '@/lib/auth/tenant-context';
import type { SilenceView } from '@/lib/data/silences';
import { deviceGroupIdsFromNames, isObject, type InvalidField } from '@/lib/rules-api/rule-document';
import { localOfInstant } from '@/lib/rules/silences';
import { silenceSchema, type SilenceInput } from '@/lib/validation/silence';

// A silence as the silences API reads and writes it (issue 12: silences through the API as through the
// portal). The portal's form holds wall-clock times of the organization's time zone; a document may give
// either that ("2026-12-07T02:00") or an RFC 3339 instant ("2026-12-07T01:00:00Z", "…+01:00"), read to the
// minute. Device groups are named, as in rule documents; rules are referred to by id (names need not be
// unique). Everything else is checked by the portal's own silenceSchema and lib/data/silences.ts.

export type SilenceDocument = {
  id: string;
  name: string;
  comment: string;
  state: 'active' | 'upcoming' | 'expired';
  startsAt: string; // RFC 3339, UTC
  endsAt: string;
  endedAt: string | null;
  timeZone: string; // the organization's: the wall clock of `recurrence`
  recurrence: { weekdays: number[]; start: string; end: string } | null;
  deviceGroups: string[];
  severities: string[];
  detectionSources: string[];
  titleContains: string;
  rules: string[];
  createdBy: string;
  createdAt: string;
  heldBackCount: number;
};

export function toSilenceDocument(view: SilenceView, timeZone: string): SilenceDocument {
  return {
    id: view.id,
    name: view.name,
    comment: view.comment,
    state: view.phase,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    endedAt: view.endedAt,
    timeZone,
    recurrence: view.recurrence,
    deviceGroups: view.deviceGroups.map((group) => group.name).sort((a, b) => a.localeCompare(b)),
    severities: view.severities,
    detectionSources: view.detectionSources,
    titleContains: view.titleContains,
    rules: view.rules.map((rule) => rule.id),
    createdBy: view.createdByEmail,
    createdAt: view.createdAt,
    heldBackCount: view.heldBackCount,
  };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

// A document time as the form's wall-clock value, or null when it is neither form.
export function wallTimeOf(value: unknown, timeZone: string): string | null {
  if (typeof value !== 'string') return null;
  if (LOCAL.test(value)) return value;
  if (!INSTANT.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : localOfInstant(at, timeZone);
}

// Document field -> the form field it becomes, to report errors by the document's own names.
const PATHS: Record<string, string> = {
  deviceGroupIds: 'deviceGroups',
  ruleIds: 'rules',
  weekdays: 'recurrence.weekdays',
  windowStart: 'recurrence.start',
  windowEnd: 'recurrence.end',
};
export const documentPath = (field: string) => PATHS[field] ?? field;

const KNOWN = new Set(['name', 'comment', 'startsAt', 'endsAt', 'deviceGroups', 'severities', 'detectionSources', 'titleContains', 'rules', 'recurrence']);
// Read-only fields a client may send back unchanged (GET -> edit -> POST a copy).
const READ_ONLY = new Set(['id', 'state', 'endedAt', 'timeZone', 'createdBy', 'createdAt', 'heldBackCount']);

const list = (value: unknown) => (value === undefined || value === null ? [] : value);

export async function parseSilenceDocument(
  ctx: TenantContext,
  json: unknown,
  timeZone: string,
): Promise<{ ok: true; input: SilenceInput } | { ok: false; invalidFields: InvalidField[] }> {
  if (!isObject(json)) return { ok: false, invalidFields: [{ path: '', message: 'Expected a JSON object.' }] };
  const invalidFields: InvalidField[] = [];
  // An unknown field is an error, not ignored: a misspelt "severites" would silence every severity.
  for (const key of Object.keys(json)) {
    if (!KNOWN.has(key) && !READ_ONLY.has(key)) invalidFields.push({ path: key, message: 'unknownField' });
  }
  const groups = await deviceGroupIdsFromNames(ctx, list(json.deviceGroups));
  const deviceGroupIds = groups.ids;
  invalidFields.push(...groups.invalidFields);
  const recurrence = json.recurrence;
  if (recurrence !== undefined && recurrence !== null && !isObject(recurrence)) {
    invalidFields.push({ path: 'recurrence', message: 'Expected an object { weekdays, start, end } or null.' });
  }
  const weekly = isObject(recurrence) ? recurrence : null;
  const weekdays = list(weekly?.weekdays);
  const form = {
    name: json.name,
    comment: json.comment ?? '',
    deviceGroupIds,
    detectionSources: list(json.detectionSources),
    severities: list(json.severities),
    titleContains: json.titleContains ?? '',
    ruleIds: list(json.rules),
    startsAt: wallTimeOf(json.startsAt, timeZone) ?? (json.startsAt === undefined ? '' : 'invalid'),
    endsAt: wallTimeOf(json.endsAt, timeZone) ?? (json.endsAt === undefined ? '' : 'invalid'),
    recurring: weekly !== null,
    weekdays: Array.isArray(weekdays) ? weekdays.map((day) => (typeof day === 'number' ? String(day) : day)) : weekdays,
    windowStart: weekly?.start ?? '',
    windowEnd: weekly?.end ?? '',
  };
  const parsed = silenceSchema.safeParse(form);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      invalidFields.push({ path: [documentPath(String(issue.path[0] ?? '')), ...issue.path.slice(1)].join('.'), message: issue.message });
    }
  }
  if (invalidFields.length > 0 || !parsed.success) return { ok: false, invalidFields };
  return { ok: true, input: parsed.data };
}
