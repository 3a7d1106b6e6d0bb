import { buildOpenApiDocument } from '@/lib/incidents/openapi/document';

// The whole API's description (also at /api/incidents/openapi.json). Public on purpose: it reveals
// nothing about any tenant.
export function GET(): Response {
  return Response.json(buildOpenApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
