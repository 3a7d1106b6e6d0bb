import { isJsonContentType, readBoundedBody } from '@/lib/incidents/http/read-body';
import { isTransientDatabaseError } from '@/lib/incidents/transient-error';
import { errorFields, log } from '@/lib/observability/logger';
import { SafeError } from '@/lib/safe-error';
import { authenticateRulesRequest, refuseUnsigned, type RulesCaller } from '@/lib/rules-api/authenticate';
import * as answer from '@/lib/rules-api/responses';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// One request of the management API (the rules API, the silences API): authenticate the key, check its
// scope, read and parse the body when there is one, check the signature a signing key requires, then run;
// every error becomes an answer. `failure` turns the errors the data layer raises on purpose (SafeError) into
// the answers of that API; anything else is a 503 (database unavailable) or a 500, logged.

export type ApiHandler = (caller: RulesCaller, body: unknown) => Promise<Response>;

export type ApiRequestOptions = { scope: ApiKeyScope; withBody: boolean; maxBytes: number; failure: (error: SafeError) => Response };

export async function handleApiRequest(request: Request, options: ApiRequestOptions, run: ApiHandler): Promise<Response> {
  const now = new Date();
  try {
    const auth = await authenticateRulesRequest(request, options.scope, now);
    if (!auth.ok) return auth.response;
    let bytes: Uint8Array = new Uint8Array();
    let text = '';
    if (options.withBody) {
      if (!isJsonContentType(request.headers.get('content-type'))) return answer.unsupportedMediaType();
      const body = await readBoundedBody(request, options.maxBytes);
      if (!body.ok) return body.reason === 'tooLarge' ? answer.payloadTooLarge() : answer.invalidJson('The request body could not be read.');
      ({ bytes, text } = body);
    }
    const refused = await refuseUnsigned(auth.caller, request, bytes, now);
    if (refused) return refused;
    let json: unknown = undefined;
    if (options.withBody) {
      try {
        json = JSON.parse(text);
      } catch (error) {
        return answer.invalidJson(`The body is not valid JSON: ${(error as Error).message}`);
      }
    }
    return await run(auth.caller, json);
  } catch (error) {
    if (error instanceof SafeError) return options.failure(error);
    const where = `${request.method} ${new URL(request.url).pathname}`;
    if (isTransientDatabaseError(error)) {
      log().warn({ ...errorFields(error) }, `${where}: database unavailable, answered 503`);
      return answer.temporarilyUnavailable();
    }
    log().error({ ...errorFields(error) }, `${where} failed`);
    return answer.internalError();
  }
}
