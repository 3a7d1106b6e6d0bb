import { ref, type JsonSchema } from '@/lib/incidents/openapi/schema-helpers';
import { common, errorBody, ID, json, security } from '@/lib/rules-api/openapi';
import { ALERT_SEVERITIES, DETECTION_SOURCE_VALUES } from '@/lib/rules/catalog';
import { SILENCE_COMMENT_MAX, SILENCE_MAX_DAYS, SILENCE_NAME_MAX, SILENCE_TITLE_MAX } from '@/lib/validation/silence';
import { TIME_OF_DAY } from '@/lib/rules/time-of-day';

// The silences API's part of the one OpenAPI document (lib/incidents/openapi/document.ts), from the same
// limits the portal's form and lib/data/silences.ts enforce; the answers every key-authenticated call shares
// come from the rules API's part.

const invalid = {
  '400': json('Not JSON, or a silence with invalid fields: every invalid field is listed. Nothing was stored.', {
    oneOf: [errorBody('invalidJson'), ref('InvalidSilence')],
  }),
  '413': json('The body is too large.', errorBody('payloadTooLarge')),
  '415': json('The Content-Type is not application/json.', errorBody('unsupportedMediaType')),
};
const notFound = { '404': json('No such silence in the key\'s tenant (one of another tenant is not found either).', errorBody('notFound')) };
const over = { '409': json('The silence is already over (ended or past its end): create a new one.', errorBody('silenceOver')) };
const TIME: JsonSchema = {
  type: 'string',
  description:
    'An RFC 3339 instant (`2026-12-08T21:00:00Z`, `…+01:00`) or a wall-clock time of the organization\'s time zone (`2026-12-08T22:00`); read to the minute.',
};
const WEEKLY: JsonSchema = {
  type: 'object',
  required: ['weekdays', 'start', 'end'],
  additionalProperties: false,
  description: 'Only during a weekly window, between startsAt and endsAt, on the organization\'s wall clock (DST included). An end before the start ends the next morning.',
  properties: {
    weekdays: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 6 }, minItems: 1, uniqueItems: true, description: '0 = Sunday … 6 = Saturday.' },
    start: { type: 'string', pattern: TIME_OF_DAY.source },
    end: { type: 'string', pattern: TIME_OF_DAY.source },
  },
};
const CRITERIA: Record<string, JsonSchema> = {
  deviceGroups: { type: 'array', items: { type: 'string' }, description: 'Device group names (GET /api/device-groups); none: every group. An alert is covered only when all its groups are named.' },
  severities: { type: 'array', items: { enum: [...ALERT_SEVERITIES] }, uniqueItems: true, description: 'None: every severity.' },
  detectionSources: { type: 'array', items: { enum: [...DETECTION_SOURCE_VALUES] }, uniqueItems: true, description: 'None: every detection source.' },
  titleContains: { type: 'string', maxLength: SILENCE_TITLE_MAX, description: 'Plain text the incident title contains, not case-sensitive; never a pattern.' },
  rules: { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true, description: 'Rule ids; none: any rule. With rules, an email is held only when every rule that chose it is named.' },
};

export function silencesApiSchemas(): Record<string, JsonSchema> {
  return {
    SilenceInput: {
      type: 'object',
      required: ['name', 'startsAt', 'endsAt'],
      description: `What a silence holds back and when. Every criterion given must match; an email is held only when every alert in it is covered. At most ${SILENCE_MAX_DAYS} days from start to end: no silence lasts forever. Unknown fields are refused.`,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: SILENCE_NAME_MAX },
        comment: { type: 'string', maxLength: SILENCE_COMMENT_MAX },
        startsAt: TIME,
        endsAt: TIME,
        recurrence: { oneOf: [WEEKLY, { type: 'null' }] },
        ...CRITERIA,
      },
    },
    Silence: {
      type: 'object',
      required: ['id', 'name', 'comment', 'state', 'startsAt', 'endsAt', 'endedAt', 'timeZone', 'recurrence', 'deviceGroups', 'severities', 'detectionSources', 'titleContains', 'rules', 'createdBy', 'createdAt', 'heldBackCount'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        comment: { type: 'string' },
        state: { enum: ['active', 'upcoming', 'expired'] },
        startsAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
        endedAt: { type: ['string', 'null'], format: 'date-time', description: 'When it was ended early (DELETE), else null.' },
        timeZone: { type: 'string', description: 'The organization\'s IANA time zone: the wall clock of `recurrence`.' },
        recurrence: { oneOf: [WEEKLY, { type: 'null' }] },
        ...CRITERIA,
        createdBy: { type: 'string', description: 'The user\'s address, or `api-key:<prefix>`.' },
        createdAt: { type: 'string', format: 'date-time' },
        heldBackCount: { type: 'integer', minimum: 0, description: 'Emails it held back so far (status silenced in the delivery log).' },
      },
    },
    InvalidSilence: {
      type: 'object',
      required: ['error', 'message', 'invalidFields'],
      properties: {
        error: { const: 'invalidSilence' },
        message: { type: 'string' },
        invalidFields: {
          type: 'array',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  };
}

export function silencesApiPaths(): Record<string, unknown> {
  const one = { content: { 'application/json': { schema: ref('Silence') } } };
  return {
    '/api/silences': {
      get: {
        operationId: 'listSilences',
        summary: 'List the tenant\'s silences: active, upcoming, and the 100 most recently over',
        security: security('silences:read'),
        responses: {
          '200': json('The silences.', {
            type: 'object',
            required: ['timeZone', 'silences'],
            properties: { timeZone: { type: 'string' }, silences: { type: 'array', items: ref('Silence') } },
          }),
          ...common('silences:read'),
        },
      },
      post: {
        operationId: 'createSilence',
        summary: 'Create a silence (a maintenance window): emails it covers are held back while it is in effect',
        security: security('silences:write'),
        requestBody: { required: true, content: { 'application/json': { schema: ref('SilenceInput') } } },
        responses: { '201': { description: 'Created; Location names it.', ...one }, ...invalid, ...common('silences:write') },
      },
    },
    '/api/silences/{id}': {
      parameters: [ID],
      get: {
        operationId: 'getSilence',
        summary: 'Read one silence',
        security: security('silences:read'),
        responses: { '200': { description: 'The silence.', ...one }, ...notFound, ...common('silences:read') },
      },
      patch: {
        operationId: 'extendSilence',
        summary: 'Extend a silence that is not over to a later end (the only change a silence takes)',
        security: security('silences:write'),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['endsAt'], additionalProperties: false, properties: { endsAt: TIME } } } },
        },
        responses: { '200': { description: 'Extended.', ...one }, ...invalid, ...notFound, ...over, ...common('silences:write') },
      },
      delete: {
        operationId: 'endSilence',
        summary: 'End a silence now: an active one stops holding emails at once, an upcoming one never starts',
        security: security('silences:write'),
        responses: { '200': { description: 'Ended.', ...one }, ...notFound, ...over, ...common('silences:write') },
      },
    },
  };
}
