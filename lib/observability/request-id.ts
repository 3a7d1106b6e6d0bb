import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

// The id a request is known by in our logs (and, for ingest, in its answer's X-Request-Id). A reverse proxy's or
// sender's X-Request-Id (nginx `$request_id`, Envoy, Traefik and most ingress controllers send one) is kept when it
// is a plain token, so their logs tie to ours; it is client-controllable when no proxy sets it, so anything else
// (too long, spaces, quotes or control characters that could forge a log line) is not taken.
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

const REQUEST_ID_HEADER = 'x-request-id';

function presentedRequestId(headers: Headers): string | undefined {
  const value = headers.get(REQUEST_ID_HEADER)?.trim();
  return value && SANE_REQUEST_ID.test(value) ? value : undefined;
}

// The presented id, or a fresh UUID.
export function requestIdOf(headers: Headers): string {
  return presentedRequestId(headers) ?? randomUUID();
}

// The id of the request being handled (proxy.ts gives pages and actions one when no proxy did).
export async function currentRequestId(): Promise<string | undefined> {
  try {
    return presentedRequestId(await headers());
  } catch {
    // Outside a request (a script, a test calling an action directly) there is no request to name.
    return undefined;
  }
}
