import { randomUUID } from 'node:crypto';

// The id a request is known by in our logs and in its answer's X-Request-Id. A proxy's or sender's
// X-Request-Id is kept when it is a plain token (it then ties their logs to ours); anything else (too long,
// spaces, control characters that could forge log lines) is replaced by a fresh UUID.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function requestIdOf(headers: Headers): string {
  const presented = headers.get(REQUEST_ID_HEADER)?.trim();
  return presented && SANE_REQUEST_ID.test(presented) ? presented : randomUUID();
}
