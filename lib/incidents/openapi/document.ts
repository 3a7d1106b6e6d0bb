import { MAX_BODY_BYTES } from '@/lib/incidents/http/read-body';
import { RETRY_AFTER_SECONDS } from '@/lib/incidents/http/responses';
import { INGEST_CAPS, MAX_REPORTED_INVALID_FIELDS } from '@/lib/incidents/limits';
import { MAX_PATH_SEGMENT } from '@/lib/incidents/normalize/payload';
import { dryRunParameter, dryRunResultSchema } from '@/lib/incidents/openapi/dry-run-schema';
import { microsoftSchemas } from '@/lib/incidents/openapi/microsoft-schemas';
import { nativeExample, nativeSchemas } from '@/lib/incidents/openapi/native-schemas';
import { ref, type JsonSchema } from '@/lib/incidents/openapi/schema-helpers';
import { rulesApiPaths, rulesApiSchemas } from '@/lib/rules-api/openapi';
import { silencesApiPaths, silencesApiSchemas } from '@/lib/silences-api/openapi';

// OpenAPI 3.1 description of the whole API (ingest, and the rules API of lib/rules-api), served at
// GET /api/openapi.json and, as before, GET /api/incidents/openapi.json. Built on
// request (a plain object, no I/O), so it can never drift from the constants it quotes.

const errorBody = (code: string, extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { const: code }, message: { type: 'string' }, ...extra },
});

// Every answer names the request, as the log lines about it do.
const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: 'The request\'s id in our logs: the sender\'s own X-Request-Id when it was a plain token of up to 128 characters, else a new UUID.',
    schema: { type: 'string' },
  },
};

const jsonResponse = (description: string, schema: JsonSchema, headers?: Record<string, unknown>) => ({
  description,
  headers: { ...REQUEST_ID_HEADER, ...headers },
  content: { 'application/json': { schema } },
});

const CAPS_TEXT =
  `At most ${INGEST_CAPS.incidentsPerRequest} incidents, ${INGEST_CAPS.alertsPerRequest} alerts, ${INGEST_CAPS.alertsPerIncident} alerts per incident, ` +
  `${INGEST_CAPS.devicesPerAlert} devices per alert and ${INGEST_CAPS.newDeviceGroupsPerRequest} device groups new to the tenant per request; ` +
  'a request over a cap is refused whole (413 `tooManyItems`).';

const summarySchema: JsonSchema = {
  type: 'object',
  required: ['incidentsAccepted', 'eventsCreated', 'deliveriesQueued', 'incidents'],
  properties: {
    incidentsAccepted: { type: 'integer', description: 'Incidents in the payload (after grouping alerts by incidentId).' },
    eventsCreated: { type: 'integer', description: 'Incidents that were new or changed in a way worth an email.' },
    deliveriesQueued: { type: 'integer', description: 'Emails queued, one per recipient per event.' },
    incidents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['externalId', 'id', 'event'],
        properties: {
          externalId: { type: 'string', description: 'The sender\'s incident id.' },
          id: { type: 'string', format: 'uuid', description: 'Our incident id.' },
          event: {
            enum: ['created', 'updated', null],
            description:
              '`created`: a new incident. `updated`: new alerts, or a changed severity or status of the incident or an alert. `null`: nothing worth an email changed (e.g. the same version re-sent).',
          },
        },
      },
    },
  },
};

export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Incident ingest and rules API',
      version: '1.0.0',
      description:
        'Send security incidents to be matched against notification rules and emailed. Accepts Microsoft Graph security incidents and alerts, Defender for Endpoint API alerts, and a native format, as published (enum casing and field-name variants included). Idempotent: re-sending the same version of an incident changes nothing and emails nobody twice. Notification rules can be read and managed as code with /api/rules. Every API key carries scopes chosen when it is created: `incidents:write` (POST /api/incidents), `rules:read` (GET /api/rules, /api/rules/{id}, /api/device-groups), `rules:write` (POST, PUT, DELETE of rules), `silences:read` (GET /api/silences, /api/silences/{id}), `silences:write` (create, extend and end silences); a key without the scope an operation needs gets 403.',
    },
    paths: {
      '/api/incidents': {
        post: {
          operationId: 'ingestIncidents',
          summary: 'Ingest incidents or alerts',
          security: [{ bearerKey: ['incidents:write'] }, { headerKey: ['incidents:write'] }],
          parameters: [dryRunParameter],
          requestBody: {
            required: true,
            description: `JSON, at most ${MAX_BODY_BYTES} bytes. ${CAPS_TEXT} The whole request is stored in one transaction, or nothing is.`,
            content: {
              'application/json': {
                schema: {
                  oneOf: ['GraphIncident', 'GraphAlert', 'DefenderEndpointAlert', 'MicrosoftList', 'NativeIncident', 'NativeBatch'].map(ref),
                },
                examples: { native: { summary: 'Native incident', value: nativeExample } },
              },
            },
          },
          responses: {
            '200': jsonResponse('`dryRun=true`: what would happen. Nothing was stored or sent.', ref('DryRunResult')),
            '202': jsonResponse('Accepted and stored.', ref('IngestSummary')),
            '400': jsonResponse('The body is not JSON (or could not be read), or `dryRun` is neither `true` nor `false`.', {
              oneOf: [errorBody('invalidJson'), errorBody('invalidQuery')],
            }),
            '401': jsonResponse('Missing, unknown or revoked integration key. Always the same body.', errorBody('unauthorized'), {
              'WWW-Authenticate': { schema: { type: 'string', const: 'Bearer' } },
            }),
            '403': jsonResponse(
              'The key lacks the `incidents:write` scope, or, for `dryRun=true`, the `rules:read` scope.',
              errorBody('insufficientScope', { requiredScope: { enum: ['incidents:write', 'rules:read'] } }),
            ),
            '413': jsonResponse('The body is larger than allowed, or holds more items than a cap allows. Nothing was stored; split the payload.', {
              oneOf: [errorBody('payloadTooLarge', { maxBytes: { type: 'integer' } }), ref('TooManyItems')],
            }),
            '415': jsonResponse('The Content-Type is not application/json (or application/*+json).', errorBody('unsupportedMediaType')),
            '422': jsonResponse('Valid JSON, but not an accepted format, or with invalid fields. Nothing was stored.', ref('InvalidPayload')),
            '500': jsonResponse('Unexpected error. Nothing was stored.', errorBody('internalError')),
            '503': jsonResponse('The database is unavailable. Nothing was stored; retry after the indicated delay.', errorBody('temporarilyUnavailable'), {
              'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer', const: RETRY_AFTER_SECONDS } },
            }),
          },
        },
      },
      ...rulesApiPaths(),
      ...silencesApiPaths(),
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': {} } } },
        },
      },
      '/api/incidents/openapi.json': {
        get: {
          operationId: 'getIngestOpenApi',
          summary: 'This document (its original address)',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'API key: `Authorization: Bearer <key>`. Keys belong to one tenant, which receives the incidents (whatever tenant the payload names) and whose rules the rules API reads and changes. The scopes listed per operation are the key scopes it needs.' },
        headerKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The same integration key, for senders that cannot set Authorization.' },
      },
      schemas: {
        IngestSummary: summarySchema,
        DryRunResult: dryRunResultSchema,
        TooManyItems: {
          ...errorBody('tooManyItems'),
          description: CAPS_TEXT,
          required: ['error', 'message', 'cap', 'limit', 'path'],
          properties: {
            ...(errorBody('tooManyItems').properties as Record<string, JsonSchema>),
            cap: { enum: Object.keys(INGEST_CAPS), description: 'The cap the request went over.' },
            limit: { type: 'integer', description: 'Its value.' },
            path: { type: 'string', description: 'Where (dotted from the body\'s root); empty for the request as a whole.' },
          },
          'x-caps': INGEST_CAPS,
        },
        InvalidPayload: {
          ...errorBody('invalidPayload'),
          required: ['error', 'message', 'invalidFields', 'moreInvalidFields'],
          properties: {
            ...(errorBody('invalidPayload').properties as Record<string, JsonSchema>),
            invalidFields: {
              type: 'array',
              maxItems: MAX_REPORTED_INVALID_FIELDS,
              description:
                `The first ${MAX_REPORTED_INVALID_FIELDS} invalid fields. \`path\` is dotted from the body's root (\`value.0.alerts.2.severity\`); ` +
                `\`\` (empty) is the body itself. A key of the sender's longer than ${MAX_PATH_SEGMENT} characters is cut (ending in …), ` +
                'and the key "" is written `""`.',
              items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
            },
            moreInvalidFields: { type: 'integer', minimum: 0, description: 'How many invalid fields were found beyond those listed.' },
          },
        },
        ...rulesApiSchemas(),
        ...silencesApiSchemas(),
        ...microsoftSchemas,
        ...nativeSchemas,
      },
    },
  };
}
