import type { Db } from '@/lib/db/client';
import { authenticateApiKey, claimSignature, releaseSignature } from '@/lib/data/api-keys';
import { dryRunIncidents } from '@/lib/incidents/dry-run';
import { ingestIncidents, type IngestSummary } from '@/lib/incidents/ingest';
import { CapExceededError } from '@/lib/incidents/limits';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { isTransientDatabaseError } from '@/lib/incidents/transient-error';
import { dispatcherState } from '@/lib/observability/dispatcher-state';
import { errorFields, log } from '@/lib/observability/logger';
import { appMetrics } from '@/lib/observability/metrics';
import { isJsonContentType, readBoundedBody } from '@/lib/incidents/http/read-body';
import { requestIdOf } from '@/lib/observability/request-id';
import { SIGNATURE_HEADER, verifySignature } from '@/lib/incidents/http/signature';
import {
  accepted,
  dryRunAnswer,
  internalError,
  invalidDryRun,
  invalidJson,
  missingScope,
  invalidPayload,
  payloadTooLarge,
  temporarilyUnavailable,
  tooManyItems,
  unauthorized,
  unsupportedMediaType,
} from '@/lib/incidents/http/responses';

// POST /api/incidents. The database client is passed in (the route passes the app's), so tests can hand
// it an unreachable one. Order matters: nobody gets the body parsed, or learns anything about it,
// before their key is checked, and, for a key that requires signing, before the signature over the raw
// bytes is checked and claimed (a replay is refused like a bad key: the 401 never says which part failed).

export type IncidentsPostDeps = { client: () => Db; now?: () => Date };

// `Authorization: Bearer <key>`, or `x-api-key: <key>` for senders that cannot set Authorization.
export function presentedKey(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  const bearer = authorization && /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (bearer) return bearer[1];
  return headers.get('x-api-key')?.trim() || null;
}

// Every answer is counted by status and timed, and carries the request id the log lines name.
export async function handleIncidentsPost(request: Request, deps: IncidentsPostDeps): Promise<Response> {
  const metrics = appMetrics();
  const stopTimer = metrics.ingestDuration.startTimer();
  const requestId = requestIdOf(request.headers);
  const response = await answer(request, deps, requestId);
  stopTimer();
  metrics.ingestRequests.inc({ status: String(response.status) });
  response.headers.set('X-Request-Id', requestId);
  return response;
}

async function answer(request: Request, deps: IncidentsPostDeps, requestId: string): Promise<Response> {
  // A process told to stop (SIGTERM) takes no new incidents: the sender retries, and reaches another replica.
  if (shuttingDown()) return temporarilyUnavailable();
  const receivedAt = deps.now?.() ?? new Date();
  let tenantId: string | undefined;
  let claimed: { client: Db; keyId: string; signature: string } | null = null;
  try {
    const client = deps.client();
    const principal = await authenticateApiKey(presentedKey(request.headers), client, receivedAt);
    if (!principal) return unauthorized();
    tenantId = principal.tenantId;
    // A rules-only key must not be usable to inject incidents.
    if (!principal.scopes.includes('incidents:write')) return missingScope('incidents:write');
    // ?dryRun=true: the same checks and normalisation, then what would happen, stored and sent nowhere.
    const dryRunParam = new URL(request.url).searchParams.get('dryRun');
    if (dryRunParam !== null && dryRunParam !== 'true' && dryRunParam !== 'false') return invalidDryRun();
    const dryRun = dryRunParam === 'true';
    // A dry run answers with the tenant's rules, recipients and silences: reading them is rules:read's.
    if (dryRun && !principal.scopes.includes('rules:read')) return missingScope('rules:read');

    if (!isJsonContentType(request.headers.get('content-type'))) return unsupportedMediaType();
    const body = await readBoundedBody(request);
    if (!body.ok) return body.reason === 'tooLarge' ? payloadTooLarge() : invalidJson('The request body could not be read.');

    if (principal.signingSecret !== undefined) {
      const check = verifySignature({
        header: request.headers.get(SIGNATURE_HEADER),
        body: body.bytes,
        secret: principal.signingSecret,
        now: receivedAt,
      });
      if (!check.ok) return unauthorized();
      if (!(await claimSignature(client, principal.keyId, check.signature, check.expiresAt, receivedAt))) return unauthorized();
      claimed = { client, keyId: principal.keyId, signature: check.signature };
    }

    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (error) {
      return invalidJson(`The body is not valid JSON: ${(error as Error).message}`);
    }
    const normalized = normalizePayload(json);
    if (!normalized.ok) return normalized.tooMany ? tooManyItems(normalized.tooMany) : invalidPayload(normalized.errors);

    if (dryRun) return dryRunAnswer(await dryRunIncidents(principal.tenantId, normalized.incidents, { client, now: receivedAt }));
    const summary = await ingestIncidents(principal.tenantId, normalized.incidents, receivedAt, { client });
    countAccepted(summary);
    return accepted(summary);
  } catch (error) {
    // The sender keeps the incident and retries; the transaction guarantees nothing half-written stays.
    // The retry may be the very same signed request: it must not be taken for a replay.
    if (claimed) await release(claimed);
    if (error instanceof CapExceededError) return tooManyItems(error.exceeded);
    if (isTransientDatabaseError(error)) {
      log().warn({ requestId, tenantId, ...errorFields(error) }, 'POST /api/incidents: database unavailable, answered 503');
      return temporarilyUnavailable();
    }
    // errorFields, never the error: a failed query's message renders its arguments (the key's hash, the signature).
    log().error({ requestId, tenantId, ...errorFields(error) }, 'POST /api/incidents failed');
    return internalError();
  }
}

const release = (claimed: { client: Db; keyId: string; signature: string }) =>
  releaseSignature(claimed.client, claimed.keyId, claimed.signature).catch(() => undefined);

function countAccepted(summary: IngestSummary): void {
  const metrics = appMetrics();
  metrics.incidentsAccepted.inc(summary.incidentsAccepted);
  for (const incident of summary.incidents) {
    if (incident.event) metrics.eventsAccepted.inc({ kind: incident.event });
  }
}

function shuttingDown(): boolean {
  const { status } = dispatcherState();
  return status === 'stopping' || status === 'stopped';
}
