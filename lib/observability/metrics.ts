import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Every metric the product exports, defined once, in Prometheus naming (base units, _total for counters).
// A process has one registry; GET /metrics (web) and the worker's metrics port serve it.

type Metrics = ReturnType<typeof createMetrics>;

function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    ingestRequests: new Counter({
      name: 'incident_mail_ingest_requests_total',
      help: 'POST /api/incidents requests, by HTTP status',
      labelNames: ['status'] as const,
      registers,
    }),
    ingestDuration: new Histogram({
      name: 'incident_mail_ingest_duration_seconds',
      help: 'Time to answer POST /api/incidents',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    incidentsAccepted: new Counter({
      name: 'incident_mail_incidents_accepted_total',
      help: 'Incidents in accepted ingest requests',
      registers,
    }),
    eventsAccepted: new Counter({
      name: 'incident_mail_incident_events_total',
      help: 'Incident events recorded (new incident or update), by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    deliveries: new Counter({
      name: 'incident_mail_deliveries_total',
      help: 'Delivery outcomes recorded by the dispatcher, by status (sent, failed, retry, filtered, ...)',
      labelNames: ['status'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'incident_mail_delivery_queue_depth',
      help: 'Deliveries due and not yet claimed (queued and due, or due again after their sender died); digests and coalescing windows waiting for their time are not counted; as of the last dispatcher look',
      registers,
    }),
    oldestQueuedAge: new Gauge({
      name: 'incident_mail_delivery_oldest_queued_age_seconds',
      help: 'How late the most overdue delivery is: seconds since it became due (its next attempt time), 0 when nothing is due; as of the last dispatcher look',
      registers,
    }),
    providerRequests: new Counter({
      name: 'incident_mail_provider_requests_total',
      help: 'Requests to the email provider, by HTTP status (0 when no answer came: timeout, connection lost)',
      labelNames: ['status'] as const,
      registers,
    }),
    sendDuration: new Histogram({
      name: 'incident_mail_provider_request_duration_seconds',
      help: 'Time of one request to the email provider',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    renders: new Counter({
      name: 'incident_mail_email_renders_total',
      help: 'Email renders (HTML + text), one per distinct language and rule options of an event',
      registers,
    }),
    dispatcherLag: new Gauge({
      name: 'incident_mail_dispatcher_lag_seconds',
      help: 'How late the last claimed delivery was, from when it became due to when it was claimed',
      registers,
    }),
  };
}

// Kept on globalThis: Next.js may load this module once for instrumentation.ts (the dispatcher) and again for a
// route handler's bundle, and both must count into the one registry that GET /metrics serves.
const holder = globalThis as typeof globalThis & { __incidentMailMetrics?: { registry: Registry; metrics: Metrics } };

// Created on first use (no side effect at import); process metrics (memory, CPU, event loop) come along.
function state(): { registry: Registry; metrics: Metrics } {
  if (!holder.__incidentMailMetrics) {
    const registry = new Registry();
    // Prefixed like ours, without doubling Node's own `process_`/`nodejs_` (incident_mail_process_resident_memory_bytes).
    collectDefaultMetrics({ register: registry, prefix: 'incident_mail_' });
    holder.__incidentMailMetrics = { registry, metrics: createMetrics(registry) };
  }
  return holder.__incidentMailMetrics;
}

export function appMetrics(): Metrics {
  return state().metrics;
}

export function metricsRegistry(): Registry {
  return state().registry;
}
