import { buildOpenApiDocument } from '@/lib/incidents/openapi/document';

// Public on purpose: describes the ingest API, reveals nothing about any tenant.
export function GET(): Response {
  return Response.json(buildOpenApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
