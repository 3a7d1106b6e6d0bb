import { z } from 'zod';
import { canonicalEnum, type EnumKind } from '@/lib/incidents/normalize/enums';
import { isDefenderPortalUrl } from '@/lib/incidents/defender-portal';
import { DEVICE_GROUP_NAME_MAX } from '@/lib/validation/device-group';

// Field parsers shared by every payload format. Each one says in its message what it expected, because
// the sender sees these messages (with the field's path) in a 422 response.

const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : `expected ${what}`;

// PostgreSQL text cannot hold NUL, and lone UTF-16 surrogates cannot be encoded: both would turn a valid
// incident into a 500. U+FFFD, which Microsoft's own samples carry, is ordinary text and is kept.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');
}

export const requiredText = z.string({ error: expected('a string') }).transform(cleanText);

export const optionalText = z
  .string({ error: expected('a string or null') })
  .nullish()
  .transform((value) => {
    const cleaned = value == null ? '' : cleanText(value).trim();
    return cleaned === '' ? null : cleaned;
  });

const ID_MAX = 256;

// An id, a severity or a status is blank when nothing but NULs, lone surrogates and spaces is left once
// cleaned: "\u0000" must not become the empty id every such payload shares, nor an empty severity.
const cleanedOrNull = (value: string): string | null => {
  const cleaned = cleanText(value);
  return cleaned.trim() === '' ? null : cleaned;
};

// Ids arrive as text ("29") or as numbers (Defender for Endpoint's incidentId 1126093); we store text.
export const externalId = z
  .union([z.string().trim().min(1, 'expected a non-empty id').max(ID_MAX), z.number().int().nonnegative()], {
    error: expected('an id (string or integer)'),
  })
  .transform((value, ctx) => {
    const id = cleanedOrNull(String(value));
    if (id === null) {
      ctx.issues.push({ code: 'custom', message: 'expected a non-empty id', input: value });
      return z.NEVER;
    }
    return id;
  });

export const optionalExternalId = z
  .union([z.string().trim().max(ID_MAX), z.number().int().nonnegative()], { error: expected('an id (string or integer) or null') })
  .nullish()
  .transform((value) => (value == null ? null : cleanedOrNull(String(value))));

export const enumValue = (kind: EnumKind) =>
  z.string({ error: expected('a string') }).transform((value, ctx) => {
    const cleaned = cleanedOrNull(value);
    if (cleaned === null) {
      ctx.issues.push({ code: 'custom', message: 'expected a non-empty value', input: value });
      return z.NEVER;
    }
    return canonicalEnum(kind, cleaned);
  });

export const optionalEnumValue = (kind: EnumKind) =>
  z
    .string({ error: expected('a string or null') })
    .nullish()
    .transform((value) => {
      const cleaned = value == null ? null : cleanedOrNull(value);
      return cleaned === null ? null : canonicalEnum(kind, cleaned);
    });

// ISO 8601 date-time as Graph writes it (up to 7 fractional digits). Without an offset it is read as UTC,
// which is what Graph's DateTimeOffset values are.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseDateTime(value: string): Date | null {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const local = new Date(Date.UTC(2000, 0, 1, Number(h), Number(mi), Number(s), ms));
  // Set apart: Date.UTC reads the years 0 to 99 as 1900 to 1999.
  local.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  // A Date rolls 30 February over into March: a date whose parts do not survive the round trip is invalid.
  if (local.getUTCMonth() !== Number(mo) - 1 || local.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return null;
  }
  const offset = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone);
  if (offset === null) return null;
  const instant = new Date(local.getTime() - offset * 60_000);
  // ISO 8601 text and PostgreSQL's timestamp hold the years 1 to 9999: 9999-12-31T23:59-23:59 is past them
  // (its ISO string reads "+010000-..."), and would fail the insert rather than the validation.
  const year = instant.getUTCFullYear();
  return year >= 1 && year <= 9999 ? instant : null;
}

// ±hh:mm or ±hhmm, hours 00 to 23 and minutes 00 to 59 (RFC 3339); null for any other.
function zoneMinutes(zone: string): number | null {
  const digits = zone.slice(1).replace(':', '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export const dateTime = z
  .string({ error: expected('an ISO 8601 date-time string or null') })
  .nullish()
  .transform((value, ctx) => {
    if (value == null || value.trim() === '') return null;
    const parsed = parseDateTime(value);
    if (!parsed) {
      ctx.issues.push({ code: 'custom', message: 'expected an ISO 8601 date-time, e.g. 2026-01-22T12:09:23.1433333Z', input: value });
      return z.NEVER;
    }
    return parsed;
  });

// Links end up in emails: only http(s) URLs, so a payload cannot smuggle `javascript:` into a message.
export const webUrl = z
  .string({ error: expected('a URL string or null') })
  .nullish()
  .transform((value, ctx) => {
    if (value == null || value.trim() === '') return null;
    const trimmed = cleanText(value).trim();
    if (!URL.canParse(trimmed) || !/^https?:$/.test(new URL(trimmed).protocol)) {
      ctx.issues.push({ code: 'custom', message: 'expected an absolute http(s) URL', input: value });
      return z.NEVER;
    }
    return trimmed;
  });

// An incident's link in the Defender portal. Any other host is dropped, not refused: the incident matters
// more than its link, and the email then links to the incident by its id (lib/notifications/email-props.ts).
export const portalUrl = webUrl.transform((value) => (value !== null && isDefenderPortalUrl(value) ? value : null));

// A device group is registered under at most DEVICE_GROUP_NAME_MAX UTF-16 units of its name (what the portal
// allows). Cut here, never through a surrogate pair: half an emoji in the name made the group's audit entry
// invalid JSON for PostgreSQL, and the whole ingest a 500.
export function deviceGroupNameCut(name: string): string {
  if (name.length <= DEVICE_GROUP_NAME_MAX) return name;
  const end = /[\uD800-\uDBFF]/.test(name.charAt(DEVICE_GROUP_NAME_MAX - 1)) ? DEVICE_GROUP_NAME_MAX - 1 : DEVICE_GROUP_NAME_MAX;
  return name.slice(0, end).trim();
}

export const deviceGroupName = optionalText.transform((value) => (value === null ? null : deviceGroupNameCut(value)));

// Defender's RBAC group ids are numbers in Graph's deviceEvidence (125) and text elsewhere.
export const rbacGroupId = z
  .union([z.string().trim().max(64), z.number().int()], { error: expected('an RBAC group id (string or integer) or null') })
  .nullish()
  .transform((value) => (value == null || value === '' ? null : String(value)));

export const optionalList = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: expected('an array or null') })
    .nullish()
    .transform((value) => value ?? []);
