import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from '@/lib/observability/metrics';

// GET /metrics of a worker process (`npm run worker` has no web server of its own), in Prometheus text
// format. With a token, only `Authorization: Bearer <token>` is answered; without one, bind the port where
// only the scraper reaches it.

export type MetricsServer = { port: number; close(): Promise<void> };

export async function startMetricsServer(options: { port: number; host?: string; token?: string }): Promise<MetricsServer> {
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : null;
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    if (expected && !matches(req.headers.authorization, expected)) {
      return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    }
    const registry = metricsRegistry();
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// Constant time, so the answer's timing says nothing of how much of a guess was right.
function matches(given: string | undefined, expected: Buffer): boolean {
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
