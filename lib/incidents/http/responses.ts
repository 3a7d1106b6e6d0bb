import type { InvalidField } from '@/lib/incidents/types';
import type { IngestSummary } from '@/lib/incidents/ingest';
import type { DryRunResult } from '@/lib/incidents/dry-run';
import { MAX_BODY_BYTES } from '@/lib/incidents/http/read-body';
import { capMessage, MAX_REPORTED_INVALID_FIELDS, type CapExceeded } from '@/lib/incidents/limits';

// Every answer of POST /api/incidents, in one place so the OpenAPI document (lib/incidents/openapi/document.ts)
// has one thing to describe. Bodies are JSON and never cached.

export const RETRY_AFTER_SECONDS = 30;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export const accepted = (summary: IngestSummary) => json(202, summary);

// ?dryRun=true: what would happen, nothing stored or sent.
export const dryRunAnswer = (result: DryRunResult) => json(200, result);

export const invalidDryRun = () => json(400, { error: 'invalidQuery', message: 'The dryRun parameter must be true or false.' });

// One body for a missing, unknown or revoked key: the answer tells a prober nothing.
export const unauthorized = () =>
  json(401, { error: 'unauthorized', message: 'A valid integration key is required.' }, { 'WWW-Authenticate': 'Bearer' });

// A genuine key that was not given the scope this endpoint needs.
export const missingScope = (scope: string) =>
  json(403, { error: 'insufficientScope', message: `This API key lacks the ${scope} scope.`, requiredScope: scope });

export const unsupportedMediaType = () =>
  json(415, { error: 'unsupportedMediaType', message: 'Send the payload as application/json.' }, { Accept: 'application/json' });

export const payloadTooLarge = () =>
  json(413, { error: 'payloadTooLarge', message: `The body exceeds ${MAX_BODY_BYTES} bytes.`, maxBytes: MAX_BODY_BYTES });

export const invalidJson = (detail: string) => json(400, { error: 'invalidJson', message: detail });

// The first invalid fields, and how many more: a payload with thousands of bad items gets a small answer.
export const invalidPayload = (invalidFields: InvalidField[]) =>
  json(422, {
    error: 'invalidPayload',
    message: 'The payload has invalid fields.',
    invalidFields: invalidFields.slice(0, MAX_REPORTED_INVALID_FIELDS),
    moreInvalidFields: Math.max(0, invalidFields.length - MAX_REPORTED_INVALID_FIELDS),
  });

// Over one of the item caps (lib/incidents/limits.ts): named, so the sender knows how to split.
export const tooManyItems = (exceeded: CapExceeded) =>
  json(413, { error: 'tooManyItems', message: capMessage(exceeded), cap: exceeded.cap, limit: exceeded.limit, path: exceeded.path });

export const temporarilyUnavailable = () =>
  json(
    503,
    { error: 'temporarilyUnavailable', message: 'Nothing was stored. Retry later.' },
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );

export const internalError = () => json(500, { error: 'internalError', message: 'Unexpected error; the incident was not stored.' });
