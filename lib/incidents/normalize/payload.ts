import type { z } from 'zod';
import type { InvalidField, NormalizedIncident, NormalizeResult, PayloadFormat } from '@/lib/incidents/types';
import type { SourcedAlert } from '@/lib/incidents/normalize/sourced-alert';
import { defenderEndpointAlertSchema } from '@/lib/incidents/normalize/defender-endpoint-alert';
import { graphAlertSchema } from '@/lib/incidents/normalize/graph-alert';
import { graphIncidentSchema } from '@/lib/incidents/normalize/graph-incident';
import { incidentsFromAlerts, mergeIncidents } from '@/lib/incidents/normalize/group-alerts';
import { nativeBatchSchema, nativeIncidentSchema } from '@/lib/incidents/normalize/native';
import { classifyItem, isObject } from '@/lib/incidents/normalize/classify-item';
import { normalizedCapExceeded, rawCapExceeded } from '@/lib/incidents/normalize/caps';
import { capMessage } from '@/lib/incidents/limits';

// Turns any accepted payload (parsed JSON) into NormalizedIncidents, or into the list of every invalid
// field with its dotted path ("value.0.alerts.2.severity"). Pure: no I/O.

const UNKNOWN_FORMAT =
  'matches no accepted format: expected a Microsoft Graph security incident or alert, a Defender for Endpoint alert, ' +
  'a list of those as { "value": [...] }, or a native incident (see GET /api/incidents/openapi.json)';

type Parsed = { incidents: NormalizedIncident[]; alerts: SourcedAlert[] };

export function normalizePayload(json: unknown): NormalizeResult {
  if (!isObject(json)) return fail([{ path: '', message: `expected a JSON object; ${UNKNOWN_FORMAT}` }]);
  // Before validating anything: an oversized list is refused in one pass, not with one error per item.
  const tooMany = rawCapExceeded(json);
  if (tooMany) return { ok: false, errors: [{ path: tooMany.path, message: capMessage(tooMany) }], tooMany };

  const errors: InvalidField[] = [];
  const parsed: Parsed = { incidents: [], alerts: [] };
  let format: PayloadFormat;

  if ('value' in json && !('id' in json)) {
    if (!Array.isArray(json.value)) return fail([{ path: 'value', message: 'expected an array' }]);
    const formats = json.value.map((item, index) => parseItem(item, ['value', index], parsed, errors));
    // An empty page is what a poller forwards when nothing happened: accepted, nothing to do.
    const context = typeof json['@odata.context'] === 'string' ? json['@odata.context'] : '';
    format = formats.find((f) => f !== null) ?? (/alerts/i.test(context) ? 'graphAlert' : 'graphIncident');
  } else if ('incidents' in json && !('externalId' in json)) {
    format = 'native';
    collect(nativeBatchSchema.safeParse(json), [], errors, (batch) => parsed.incidents.push(...batch.incidents));
  } else {
    format = parseItem(json, [], parsed, errors) ?? 'native';
  }

  if (errors.length) return fail(errors);
  const incidents = mergeIncidents([...parsed.incidents, ...incidentsFromAlerts(parsed.alerts)]);
  // Alerts listed on their own are only counted per incident once grouped.
  const grouped = normalizedCapExceeded(incidents);
  if (grouped) return { ok: false, errors: [{ path: grouped.path, message: capMessage(grouped) }], tooMany: grouped };
  return { ok: true, format, incidents };
}

function parseItem(item: unknown, path: (string | number)[], into: Parsed, errors: InvalidField[]): PayloadFormat | null {
  const kind = isObject(item) ? classifyItem(item) : null;
  switch (kind) {
    case 'graphIncident':
      collect(graphIncidentSchema.safeParse(item), path, errors, (incident) => into.incidents.push(incident));
      break;
    case 'native':
      collect(nativeIncidentSchema.safeParse(item), path, errors, (incident) => into.incidents.push(incident));
      break;
    case 'graphAlert':
    case 'defenderEndpointAlert': {
      const schema = kind === 'graphAlert' ? graphAlertSchema : defenderEndpointAlertSchema;
      collect(schema.safeParse(item), path, errors, (alert) => {
        if (alert.incidentExternalId === null) {
          errors.push({ path: dotted([...path, 'incidentId']), message: 'required: alerts are grouped into incidents by incidentId' });
        } else {
          into.alerts.push(alert);
        }
      });
      break;
    }
    default:
      errors.push({ path: dotted(path), message: isObject(item) ? UNKNOWN_FORMAT : 'expected an object' });
  }
  return kind;
}

function collect<T>(
  result: z.ZodSafeParseResult<T>,
  path: (string | number)[],
  errors: InvalidField[],
  onSuccess: (data: T) => void,
): void {
  if (result.success) return onSuccess(result.data);
  for (const issue of result.error.issues) {
    const at = [...path, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
    // Point at each unknown field itself, not at the object that holds it.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ path: dotted([...at, key]), message: 'unknown field' });
      continue;
    }
    errors.push({ path: dotted(at), message: issue.message });
  }
}

// A 422 names each field by its path, and an unknown field by its key, which the sender chose: a key of
// 100,000 characters must not come back whole, a hundred times over, so long segments are cut; and the key ""
// is written "\"\"", since an empty path names the whole body.
export const MAX_PATH_SEGMENT = 64;

export const dotted = (path: readonly (string | number)[]) => path.map(segment).join('.');

function segment(part: string | number): string | number {
  if (part === '') return '""';
  return typeof part === 'string' && part.length > MAX_PATH_SEGMENT ? `${cutSegment(part)}…` : part;
}

const cutSegment = (part: string) => part.slice(0, /[\uD800-\uDBFF]/.test(part.charAt(MAX_PATH_SEGMENT - 1)) ? MAX_PATH_SEGMENT - 1 : MAX_PATH_SEGMENT);

const fail = (errors: InvalidField[]): NormalizeResult => ({ ok: false, errors });
