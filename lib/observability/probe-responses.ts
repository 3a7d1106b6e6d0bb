import { checkReadiness } from '@/lib/observability/readiness';

// The probes' answers. Never cached anywhere on the way: a stored "ok" would hide a process that is no longer ready.
const NO_STORE = { 'Cache-Control': 'no-store' };

// Liveness: answering at all is the whole check. Touches no database, so a database outage never gets a healthy
// process restarted.
export function healthResponse(): Response {
  return Response.json({ status: 'ok' }, { headers: NO_STORE });
}

// Readiness: 503 until this process can do its work, so a balancer sends it no traffic meanwhile.
export async function readinessResponse(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.status === 'ok' ? 200 : 503, headers: NO_STORE });
}
