import { KNOWN_VALUES, type EnumKind } from '@/lib/incidents/normalize/enums';

// Small builders for the JSON Schema (2020-12, as OpenAPI 3.1 uses) of the documented payloads.

export type JsonSchema = Record<string, unknown>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

// Graph enums are evolvable: the documented members are listed, any other string is accepted too.
export const evolvableEnum = (kind: EnumKind, description: string): JsonSchema => ({
  description: `${description} Case-insensitive (\`High\` = \`high\`); stored in Graph's lower camel case. Values not listed are accepted and kept.`,
  anyOf: [{ type: 'string', enum: [...KNOWN_VALUES[kind]] }, { type: 'string', minLength: 1 }],
});

export const id = (description: string): JsonSchema => ({
  description: `${description} Text or a non-negative integer; stored as text.`,
  anyOf: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'integer', minimum: 0 }],
});

export const optionalId = (description: string): JsonSchema => ({
  description: `${description} Text or a non-negative integer; stored as text.`,
  anyOf: [{ type: 'string', maxLength: 256 }, { type: 'integer', minimum: 0 }, { type: 'null' }],
});

export const dateTime = (description: string): JsonSchema => ({
  description: `${description} ISO 8601 (up to 7 fractional digits); without an offset it is read as UTC.`,
  anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
});

export const url = (description: string): JsonSchema => ({
  description: `${description} Absolute http(s) URL.`,
  anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }],
});

export const text = (description: string): JsonSchema => ({ description, type: 'string' });
export const optionalText = (description: string): JsonSchema => ({ description, type: ['string', 'null'] });

export const rbacGroupId: JsonSchema = {
  description: 'Defender for Endpoint RBAC device group id.',
  anyOf: [{ type: 'string', maxLength: 64 }, { type: 'integer' }, { type: 'null' }],
};
