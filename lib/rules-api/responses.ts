import type { InvalidField } from '@/lib/rules-api/rule-document';

// Every answer of the rules API, in one place for the OpenAPI document to describe. JSON, never cached
// by anyone but the caller (ETag revalidation is theirs to do).

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

export const ok = (body: unknown, etag?: string) => json(200, body, etag ? { ETag: etag } : {});
export const created = (body: unknown, etag: string, location: string) => json(201, body, { ETag: etag, Location: location });
export const noContent = () => new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });

export const unauthorized = () =>
  json(401, { error: 'unauthorized', message: 'A valid API key is required.' }, { 'WWW-Authenticate': 'Bearer' });
export const missingScope = (scope: string) =>
  json(403, { error: 'insufficientScope', message: `This API key lacks the ${scope} scope.`, requiredScope: scope });
export const notFound = () => json(404, { error: 'notFound', message: 'No such rule.' });
export const unsupportedMediaType = () =>
  json(415, { error: 'unsupportedMediaType', message: 'Send the rule as application/json.' }, { Accept: 'application/json' });
export const payloadTooLarge = () => json(413, { error: 'payloadTooLarge', message: 'The body is too large.' });
export const invalidJson = (detail: string) => json(400, { error: 'invalidJson', message: detail });
export const invalidRule = (invalidFields: InvalidField[]) =>
  json(400, { error: 'invalidRule', message: 'The rule has invalid fields.', invalidFields });
export const preconditionRequired = () =>
  json(428, {
    error: 'preconditionRequired',
    message: 'Send If-Match with the ETag of the rule as last read (GET), so a change made since is not overwritten.',
  });
export const preconditionFailed = () =>
  json(412, { error: 'preconditionFailed', message: 'The rule changed since it was read: GET it again, then retry.' });
export const temporarilyUnavailable = () =>
  json(503, { error: 'temporarilyUnavailable', message: 'Nothing was changed. Retry later.' }, { 'Retry-After': '30' });
export const internalError = () => json(500, { error: 'internalError', message: 'Unexpected error; nothing was changed.' });

// The silences API's own answers (lib/silences-api); the others above are shared.
export const silenceNotFound = () => json(404, { error: 'notFound', message: 'No such silence.' });
export const invalidSilence = (invalidFields: InvalidField[]) =>
  json(400, { error: 'invalidSilence', message: 'The silence has invalid fields.', invalidFields });
export const silenceOver = () => json(409, { error: 'silenceOver', message: 'The silence is already over; create a new one.' });
