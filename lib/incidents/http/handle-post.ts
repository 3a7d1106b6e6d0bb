import type { Db } from '@/lib/db/client';
import { authenticateApiKey, claimSignature, releaseSignature } from '@/lib/data/api-keys';
import { ingestIncidents } from '@/lib/incidents/ingest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { isTransientDatabaseError } from '@/lib/incidents/transient-error';
import { loggableError } from '@/lib/security/loggable-error';
import { isJsonContentType, readBoundedBody } from '@/lib/incidents/http/read-body';
import { SIGNATURE_HEADER, verifySignature } from '@/lib/incidents/http/signature';
import {
  accepted,
  internalError,
  invalidJson,
  invalidPayload,
  payloadTooLarge,
  temporarilyUnavailable,
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

export async function handleIncidentsPost(request: Request, deps: IncidentsPostDeps): Promise<Response> {
  const receivedAt = deps.now?.() ?? new Date();
  let claimed: { client: Db; keyId: string; signature: string } | null = null;
  try {
    const client = deps.client();
    const principal = await authenticateApiKey(presentedKey(request.headers), client, receivedAt);
    if (!principal) return unauthorized();

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
    if (!normalized.ok) return invalidPayload(normalized.errors);

    return accepted(await ingestIncidents(principal.tenantId, normalized.incidents, receivedAt, { client }));
  } catch (error) {
    // The sender keeps the incident and retries; the transaction guarantees nothing half-written stays.
    // The retry may be the very same signed request: it must not be taken for a replay.
    if (claimed) await releaseSignature(claimed.client, claimed.keyId, claimed.signature).catch(() => undefined);
    if (isTransientDatabaseError(error)) {
      console.warn('[POST /api/incidents] database unavailable, answered 503:', briefly(error));
      return temporarilyUnavailable();
    }
    // Not the error object: a failed query's message renders its arguments (the key's hash, the signature).
    console.error('[POST /api/incidents] failed:', loggableError(error));
    return internalError();
  }
}

// Prisma's messages span many lines (with a code frame); the log needs the code and the gist.
function briefly(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const lines = String((error as Error).message ?? error).split('\n').filter((line) => line.trim());
  return [typeof code === 'string' ? code : null, lines.at(-1)].filter(Boolean).join(' ');
}
