import { afterEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/metrics/route';
import { appMetrics } from '@/lib/observability/metrics';
import { captureOutput, loggedEvents } from '@/lib/security/testing/log-capture';

// GET /metrics as Prometheus (or anyone else) calls it.

const TOKEN = 'metrics-token-for-tests-7c1f0b2a';
const scrape = (headers: Record<string, string> = {}) => GET(new Request('http://localhost/metrics', { headers }));
const withToken = (token: string | undefined) => {
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
};
afterEach(() => withToken(undefined));

// What issue 9 asks to be measured, in Prometheus naming.
const REQUIRED = [
  'incident_mail_ingest_requests_total',
  'incident_mail_ingest_duration_seconds',
  'incident_mail_incidents_accepted_total',
  'incident_mail_incident_events_total',
  'incident_mail_deliveries_total',
  'incident_mail_delivery_queue_depth',
  'incident_mail_delivery_oldest_queued_age_seconds',
  'incident_mail_provider_requests_total',
  'incident_mail_provider_request_duration_seconds',
  'incident_mail_email_renders_total',
  'incident_mail_dispatcher_lag_seconds',
];

describe('without METRICS_TOKEN', () => {
  it.each([undefined, '', '   \n'])('METRICS_TOKEN=%j: 404, as if there were no such route', async (token) => {
    withToken(token);
    const response = await scrape({ authorization: 'Bearer anything-at-all-here' });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('incident_mail_');
  });

  it('a token shorter than 16 characters keeps it off too, and says so in the log once', async () => {
    const output = captureOutput();
    try {
      withToken('short-token');
      expect((await scrape({ authorization: 'Bearer short-token' })).status).toBe(404);
      expect((await scrape({ authorization: 'Bearer short-token' })).status).toBe(404);
      const warnings = loggedEvents(output.text()).filter((event) => String(event.msg).includes('METRICS_TOKEN is too short'));
      expect(warnings).toHaveLength(1);
      expect(output.text()).not.toContain('short-token');
    } finally {
      output.restore();
    }
  });
});

describe('with METRICS_TOKEN', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer metrics-token-for-tests-7c1f0b2b' }],
    ['the token as a prefix of a longer one', { authorization: `Bearer ${TOKEN}x` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['the token without the Bearer scheme', { authorization: TOKEN }],
    ['the token as Basic credentials', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
    ['the token in another header', { 'x-metrics-token': TOKEN }],
  ])('%s: 401 with a Bearer challenge, no metrics', async (_, headers) => {
    withToken(TOKEN);
    const response = await scrape(headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await response.text()).not.toContain('incident_mail_');
  });

  it('the right token (also from a file with a trailing newline): 200, Prometheus text with every product metric', async () => {
    withToken(`${TOKEN}\n`);
    appMetrics().ingestRequests.inc({ status: '202' });
    const response = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    for (const name of REQUIRED) expect(text).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge|histogram)$`, 'm'));
    expect(text).toMatch(/^incident_mail_ingest_requests_total\{status="202"\} [1-9]\d*$/m);
    expect(text).toMatch(/^incident_mail_process_resident_memory_bytes \d+/m);
  });

  it('accepts the scheme in any case, as RFC 9110 allows', async () => {
    withToken(TOKEN);
    expect((await scrape({ authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });
});
