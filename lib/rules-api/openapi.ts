import { z } from 'zod';
import { ref, type JsonSchema } from '@/lib/incidents/openapi/schema-helpers';
import { ruleSchema } from '@/lib/validation/rule';

// The rules API's part of the one OpenAPI document (lib/incidents/openapi/document.ts). The rule body
// is generated from the wizard's own zod schema, so the documented fields cannot drift from the validated
// ones; only device groups differ (named here, picked by id in the wizard).

export const errorBody = (code: string, extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { const: code }, message: { type: 'string' }, ...extra },
});
export const json = (description: string, schema: JsonSchema, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema } },
});
const ETAG = { ETag: { description: 'The rule\'s version; send it back as If-Match to change or delete the rule.', schema: { type: 'string' } } };
const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: true,
  description: 'The ETag of the rule as last read. `*` accepts any current version (an unconditional change).',
  schema: { type: 'string' },
};
export const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

export const security = (scope: string) => [{ bearerKey: [scope] }, { headerKey: [scope] }];
export const common = (scope: string) => ({
  '401': json('Missing, unknown or revoked API key (or, for a key that requires signing, a missing or invalid X-Signature).', errorBody('unauthorized')),
  '403': json(`The key lacks the \`${scope}\` scope.`, errorBody('insufficientScope', { requiredScope: { const: scope } })),
  '500': json('Unexpected error. Nothing was changed.', errorBody('internalError')),
  '503': json('The database is unavailable. Nothing was changed; retry later.', errorBody('temporarilyUnavailable')),
});
const invalid = {
  '400': json('Not JSON, or a rule with invalid fields: every invalid field is listed. Nothing was stored.', {
    oneOf: [errorBody('invalidJson'), ref('InvalidRule')],
  }),
  '413': json('The body is too large.', errorBody('payloadTooLarge')),
  '415': json('The Content-Type is not application/json.', errorBody('unsupportedMediaType')),
};
const notFound = { '404': json('No such rule in the key\'s tenant (a rule of another tenant is not found either).', errorBody('notFound')) };
const preconditions = {
  '412': json('The rule changed since the ETag sent was read: GET it again.', errorBody('preconditionFailed')),
  '428': json('If-Match is missing.', errorBody('preconditionRequired')),
};
const ruleBody = { required: true, content: { 'application/json': { schema: ref('RuleInput') } } };

export function rulesApiPaths(): Record<string, unknown> {
  return {
    '/api/rules': {
      get: {
        operationId: 'listRules',
        summary: 'List the tenant\'s notification rules',
        security: security('rules:read'),
        responses: {
          '200': json('The rules.', { type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: ref('Rule') } } }),
          ...common('rules:read'),
        },
      },
      post: {
        operationId: 'createRule',
        summary: 'Create a rule',
        security: security('rules:write'),
        requestBody: ruleBody,
        responses: {
          '201': json('Created.', ref('Rule'), { ...ETAG, Location: { schema: { type: 'string' } } }),
          ...invalid,
          ...common('rules:write'),
        },
      },
    },
    '/api/rules/{id}': {
      parameters: [ID],
      get: {
        operationId: 'getRule',
        summary: 'Read a rule',
        security: security('rules:read'),
        responses: { '200': json('The rule.', ref('Rule'), ETAG), ...notFound, ...common('rules:read') },
      },
      put: {
        operationId: 'replaceRule',
        summary: 'Replace a rule (optimistic concurrency: If-Match)',
        description: 'The whole rule, as GET returns it; read-only fields (id, createdAt, updatedAt) are ignored; enabled, when given, switches the rule. Audited, and takes effect for the next incident matched.',
        security: security('rules:write'),
        parameters: [IF_MATCH],
        requestBody: ruleBody,
        responses: {
          '200': json('Replaced; the new version.', ref('Rule'), ETAG),
          ...invalid,
          ...notFound,
          ...preconditions,
          ...common('rules:write'),
        },
      },
      delete: {
        operationId: 'deleteRule',
        summary: 'Delete a rule (optimistic concurrency: If-Match)',
        security: security('rules:write'),
        parameters: [IF_MATCH],
        responses: { '204': { description: 'Deleted.' }, ...notFound, ...preconditions, ...common('rules:write') },
      },
    },
    '/api/device-groups': {
      get: {
        operationId: 'listDeviceGroups',
        summary: 'List the device groups rules can name',
        security: security('rules:read'),
        responses: {
          '200': json('The tenant\'s device groups.', {
            type: 'object',
            required: ['deviceGroups'],
            properties: {
              deviceGroups: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'name', 'rbacGroupId'],
                  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, rbacGroupId: { type: ['string', 'null'] } },
                },
              },
            },
          }),
          ...common('rules:read'),
        },
      },
    },
  };
}

// The wizard's rule as JSON Schema, with `deviceGroupIds` replaced by `deviceGroups` (names).
function ruleInputSchema(): JsonSchema {
  const { $schema: _drop, ...generated } = z.toJSONSchema(ruleSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const { deviceGroupIds, ...properties } = generated.properties as Record<string, JsonSchema>;
  return {
    ...generated,
    description:
      'A notification rule, validated exactly as the portal\'s rule wizard validates it. Device groups are named (case-insensitive); with `deviceGroupScope: all` they may be omitted. With `sourceScope: all`, `sources` is ignored.',
    properties: {
      ...properties,
      deviceGroups: { type: 'array', maxItems: (deviceGroupIds as { maxItems?: number }).maxItems, items: { type: 'string' } },
      enabled: { type: 'boolean', description: 'Optional: a new rule is enabled, an edited one keeps its state.' },
    },
    required: [...(generated.required as string[]).filter((name) => name !== 'deviceGroupIds')],
  };
}

export function rulesApiSchemas(): Record<string, JsonSchema> {
  const input = ruleInputSchema();
  return {
    RuleInput: input,
    Rule: {
      type: 'object',
      description: 'A rule as stored. Send it back unchanged with PUT and nothing changes.',
      // Optional when sent (absent = off), always stated when read.
      required: [...(input.required as string[]), 'coalescing', 'recipientCap', 'id', 'deviceGroups', 'enabled', 'createdAt', 'updatedAt'],
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        ...(input.properties as Record<string, JsonSchema>),
        enabled: { type: 'boolean', description: 'Whether the rule sends email.' },
        createdAt: { type: 'string', format: 'date-time', readOnly: true },
        updatedAt: { type: 'string', format: 'date-time', readOnly: true },
      },
    },
    InvalidRule: {
      ...errorBody('invalidRule'),
      required: ['error', 'message', 'invalidFields'],
      properties: {
        ...(errorBody('invalidRule').properties as Record<string, JsonSchema>),
        invalidFields: {
          type: 'array',
          description: 'Every invalid field. `path` is dotted from the body\'s root (`recipients.0.email`); `message` is a stable code (`emailInvalid`, `deviceGroupUnknown`) or a description.',
          items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  };
}
