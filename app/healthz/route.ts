import { healthResponse } from '@/lib/observability/probe-responses';

// Liveness probe; public on purpose (says only "ok"). See lib/observability/probe-responses.ts.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return healthResponse();
}
