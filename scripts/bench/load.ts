import autocannon, { type Result } from 'autocannon';
import { incidentBodies } from './incidents';
import { sampleRss } from './processes';

// Figures 1 and 3: the no-op route and the ingest route under the same autocannon load (a short warm-up of
// each first, not counted), the web process's RSS sampled throughout the ingest run.

export type LoadFigure = { rps: number; p50: number; p99: number; non2xx: number; errors: number; total2xx: number };
export type LoadFigures = { noop: LoadFigure; ingest: LoadFigure; idleRssMiB: number; peakRssMiB: number };

type LoadSettings = { port: number; apiKey: string; connections: number; duration: number; alerts: number; webPids: number[] };

const WARM_UP_SECONDS = 2;

function figure(result: Result): LoadFigure {
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total2xx: result['2xx'],
  };
}

export async function measureLoad(settings: LoadSettings): Promise<LoadFigures> {
  const bodies = incidentBodies(settings.alerts);
  const run = (path: string, duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${settings.port}`,
      connections: settings.connections,
      duration,
      requests: [
        {
          method: 'POST',
          path,
          headers: { authorization: `Bearer ${settings.apiKey}`, 'content-type': 'application/json' },
          // A new incident (new ids) for every request, the same body shape for both routes.
          setupRequest: (request) => ({ ...request, body: bodies.next().body }),
        },
      ],
    });

  const idleRssMiB = sampleRss(settings.webPids).stop();
  await run('/api/bench/noop', WARM_UP_SECONDS);
  const noop = figure(await run('/api/bench/noop', settings.duration));
  await run('/api/incidents', WARM_UP_SECONDS);
  const rss = sampleRss(settings.webPids);
  const ingest = figure(await run('/api/incidents', settings.duration));
  return { noop, ingest, idleRssMiB, peakRssMiB: rss.stop() };
}
