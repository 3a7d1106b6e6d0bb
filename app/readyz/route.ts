import { readinessResponse } from '@/lib/observability/probe-responses';

// Readiness probe; public on purpose (ok/not-ok per check, nothing else). See lib/observability/readiness.ts.
export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return readinessResponse();
}
