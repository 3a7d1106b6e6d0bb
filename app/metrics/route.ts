import { metricsResponse } from '@/lib/observability/metrics-endpoint';

// Prometheus scrape endpoint: bearer METRICS_TOKEN, off (404) without it. See lib/observability/metrics-endpoint.ts.
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return metricsResponse(request);
}
