import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildOpenApiDocument } from '@/lib/incidents/openapi/document';
import { nativeExample } from '@/lib/incidents/openapi/native-schemas';
import { nativeAlertSchema, nativeDeviceSchema, nativeIncidentSchema } from '@/lib/incidents/normalize/native';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { INGEST_CAPS, MAX_REPORTED_INVALID_FIELDS } from '@/lib/incidents/limits';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security: unknown[]; requestBody?: { content: Record<string, { schema: { oneOf: { $ref: string }[] } }> } }>>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }>; securitySchemes: Record<string, unknown> };
};

const document = buildOpenApiDocument() as Doc;

// The documented native format must be the one the normaliser accepts: same fields, same required ones.
function fieldsOf(shape: Record<string, z.ZodType>) {
  return {
    all: Object.keys(shape).sort(),
    required: Object.keys(shape).filter((key) => !shape[key].safeParse(undefined).success).sort(),
  };
}

describe('OpenAPI document', () => {
  it('documents the native format exactly as the normaliser reads it', () => {
    const pairs = [
      ['NativeIncident', nativeIncidentSchema.in.shape],
      ['NativeAlert', nativeAlertSchema.shape],
      ['NativeDevice', nativeDeviceSchema.shape],
    ] as const;
    for (const [name, shape] of pairs) {
      const documented = document.components.schemas[name];
      expect({ name, all: Object.keys(documented.properties).sort(), required: [...documented.required].sort() }).toEqual({ name, ...fieldsOf(shape) });
    }
  });

  it('documents every accepted format, both ways to send the key, and a valid example', () => {
    expect(document.openapi).toBe('3.1.0');
    const post = document.paths['/api/incidents'].post;
    const formats = post.requestBody!.content['application/json'].schema.oneOf.map((s) => s.$ref.split('/').at(-1));
    expect(formats.sort()).toEqual(['DefenderEndpointAlert', 'GraphAlert', 'GraphIncident', 'MicrosoftList', 'NativeBatch', 'NativeIncident']);
    for (const name of formats) expect(document.components.schemas[name!]).toBeDefined();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearerKey', 'headerKey']);
    expect(document.paths['/api/incidents/openapi.json'].get.security).toEqual([]);
    expect(normalizePayload(nativeExample)).toMatchObject({ ok: true, format: 'native' });
  });

  it('documents the dry run: its parameter, its 200 answer and the 400 for another value', () => {
    const post = document.paths['/api/incidents'].post as unknown as {
      parameters: { name: string; in: string; schema: { enum: string[] } }[];
      responses: Record<string, { content: Record<string, { schema: unknown }> }>;
    };
    expect(post.parameters).toMatchObject([{ name: 'dryRun', in: 'query', schema: { enum: ['true', 'false'] } }]);
    expect(post.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/DryRunResult' });
    expect(JSON.stringify(post.responses['400'])).toContain('invalidQuery');
  });

  it('points every $ref at a defined schema', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(document.components.schemas[ref.split('/').at(-1)!.replace('"', '')]).toBeDefined();
  });
});

describe('OpenAPI document: item caps', () => {
  const schemas = document.components.schemas as unknown as Record<string, { properties: Record<string, { maxItems?: number }> }>;

  it('quotes every cap from lib/incidents/limits.ts', () => {
    expect(schemas.NativeBatch.properties.incidents.maxItems).toBe(INGEST_CAPS.incidentsPerRequest);
    expect(schemas.NativeIncident.properties.alerts.maxItems).toBe(INGEST_CAPS.alertsPerIncident);
    expect(schemas.GraphIncident.properties.alerts.maxItems).toBe(INGEST_CAPS.alertsPerIncident);
    expect(schemas.NativeAlert.properties.devices.maxItems).toBe(INGEST_CAPS.devicesPerAlert);
    expect(schemas.InvalidPayload.properties.invalidFields.maxItems).toBe(MAX_REPORTED_INVALID_FIELDS);
    expect((schemas.TooManyItems as unknown as { 'x-caps': unknown })['x-caps']).toEqual(INGEST_CAPS);
    const described = JSON.stringify(document.paths['/api/incidents'].post.requestBody);
    for (const limit of Object.values(INGEST_CAPS)) expect(described).toContain(String(limit));
  });
});

describe('OpenAPI document: rules API', () => {
  const full = buildOpenApiDocument() as unknown as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[]; responses?: Record<string, unknown> }>>;
    components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
  };

  it('documents every rules endpoint with the scope it needs, and 403 for a key without it', () => {
    const expected = {
      '/api/rules': { get: 'rules:read', post: 'rules:write' },
      '/api/rules/{id}': { get: 'rules:read', put: 'rules:write', delete: 'rules:write' },
      '/api/device-groups': { get: 'rules:read' },
      '/api/incidents': { post: 'incidents:write' },
    } as const;
    for (const [path, methods] of Object.entries(expected)) {
      for (const [method, scope] of Object.entries(methods)) {
        const operation = full.paths[path][method];
        expect({ path, method, security: operation.security }).toEqual({ path, method, security: [{ bearerKey: [scope] }, { headerKey: [scope] }] });
        expect(operation.responses).toHaveProperty('403');
      }
    }
    expect(full.paths['/api/rules/{id}'].put.responses).toHaveProperty('412');
    expect(full.paths['/api/rules/{id}'].put.responses).toHaveProperty('428');
    expect(full.paths['/api/openapi.json'].get.security).toEqual([]);
  });

  it('documents the rule body as the wizard’s schema validates it, device groups by name, enabled optional', async () => {
    const { ruleSchema } = await import('@/lib/validation/rule');
    const wizardFields = Object.keys(ruleSchema.shape).filter((key) => key !== 'deviceGroupIds');
    expect(Object.keys(full.components.schemas.RuleInput.properties).sort()).toEqual([...wizardFields, 'deviceGroups', 'enabled'].sort());
    expect(full.components.schemas.RuleInput.required).not.toContain('deviceGroups');
    expect(full.components.schemas.RuleInput.required).not.toContain('enabled');
  });
});
