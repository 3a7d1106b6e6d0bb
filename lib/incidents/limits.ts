// How much one POST /api/incidents may ask of us. The body is at most 1 MiB (lib/incidents/http/read-body.ts),
// but 1 MiB of `{}` is ~350,000 items: without caps a payload buys hundreds of thousands of validation errors,
// rows and device groups. Each cap sits well above what Microsoft's APIs put in one page or one incident; a
// request beyond one is refused whole (413, naming the cap) and the sender splits it. Quoted by the OpenAPI
// document (lib/incidents/openapi/) and the README.

export const INGEST_CAPS = {
  // Incidents in one request, after alerts are grouped into their incidents: a full page of Graph's
  // security/incidents (at most 50 per page). Each incident costs a few statements of its own.
  incidentsPerRequest: 50,
  // Alerts in one request, listed on their own or under incidents (Graph's largest alerts_v2 page is 2,000).
  alertsPerRequest: 2000,
  // Alerts of one incident in one request.
  alertsPerIncident: 1000,
  // Devices of one alert (deviceEvidence entries, or a native alert's `devices`).
  devicesPerAlert: 100,
  // Device groups one request may register that the tenant did not know yet.
  newDeviceGroupsPerRequest: 50,
} as const;

export type IngestCap = keyof typeof INGEST_CAPS;

// A 422 lists at most this many invalid fields, and counts the rest.
export const MAX_REPORTED_INVALID_FIELDS = 100;

// What a 413 says of the cap a request went over. `path` is where (dotted, as in a 422), '' for the whole request.
export type CapExceeded = { cap: IngestCap; limit: number; path: string };

export function capExceeded(cap: IngestCap, path = ''): CapExceeded {
  return { cap, limit: INGEST_CAPS[cap], path };
}

export function capMessage({ cap, limit, path }: CapExceeded): string {
  const what: Record<IngestCap, string> = {
    incidentsPerRequest: `at most ${limit} incidents per request`,
    alertsPerRequest: `at most ${limit} alerts per request`,
    alertsPerIncident: `at most ${limit} alerts per incident`,
    devicesPerAlert: `at most ${limit} devices per alert`,
    newDeviceGroupsPerRequest: `at most ${limit} new device groups per request`,
  };
  return `${path ? `${path}: ` : ''}${what[cap]} (${cap}). Nothing was stored; split the payload into several requests.`;
}

// Thrown inside the ingest transaction (which rolls back) when a cap can only be checked against the
// database, such as new device groups.
export class CapExceededError extends Error {
  constructor(readonly exceeded: CapExceeded) {
    super(capMessage(exceeded));
    this.name = 'CapExceededError';
  }
}
