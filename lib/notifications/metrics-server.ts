import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsResponse } from '@/lib/observability/metrics-endpoint';

// GET /metrics of a worker process (`npm run worker` has no web server of its own), answered by the same rule as
// the web process's route: off (404) without METRICS_TOKEN, 401 without the right bearer token.

export type MetricsServer = { port: number; close(): Promise<void> };

type Options = { port: number; host?: string; env?: Record<string, string | undefined> };

export async function startMetricsServer(options: Options): Promise<MetricsServer> {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    const authorization = req.headers.authorization;
    const request = new Request('http://worker/metrics', { headers: authorization ? { authorization } : {} });
    const answer = await metricsResponse(request, options.env);
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
