import { db } from '@/lib/db/client';
import { handleIncidentsPost } from '@/lib/incidents/http/handle-post';

// Webhook ingest of incidents; everything but wiring lives in lib/incidents.
export const runtime = 'nodejs';

export function POST(request: Request): Promise<Response> {
  return handleIncidentsPost(request, { client: db });
}
