import { headers } from 'next/headers';

// The id a reverse proxy gave the current request (nginx `$request_id`, Envoy, Traefik and most ingress
// controllers send X-Request-Id), so a log line can be matched with the proxy's access log. Bounded and limited
// to the characters such ids use: it is client-controllable when no proxy sets it.
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

export async function currentRequestId(): Promise<string | undefined> {
  try {
    const value = (await headers()).get('x-request-id')?.trim();
    return value && REQUEST_ID.test(value) ? value : undefined;
  } catch {
    // Outside a request (a script, a test calling an action directly) there is no request to name.
    return undefined;
  }
}
