import { authenticateApiKey, claimSignature, type ApiKeyPrincipal } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import { presentedKey } from '@/lib/incidents/http/handle-post';
import { SIGNATURE_HEADER, verifySignature } from '@/lib/incidents/http/signature';
import { apiKeyContext } from '@/lib/rules-api/api-key-context';
import { missingScope, unauthorized } from '@/lib/rules-api/responses';
import type { ApiKeyScope } from '@/lib/validation/api-key';

export type RulesCaller = { ctx: TenantContext; principal: ApiKeyPrincipal };

// Keys are checked as POST /api/incidents checks them (same header forms, cache, revocation), then their
// scope, all before the body is read.
export async function authenticateRulesRequest(
  request: Request,
  scope: ApiKeyScope,
  now: Date,
): Promise<{ ok: true; caller: RulesCaller } | { ok: false; response: Response }> {
  const principal = await authenticateApiKey(presentedKey(request.headers), db(), now);
  if (!principal) return { ok: false, response: unauthorized() };
  if (!principal.scopes.includes(scope)) return { ok: false, response: missingScope(scope) };
  return { ok: true, caller: { ctx: apiKeyContext(principal), principal } };
}

// A key that requires signing must sign these requests too (over the body as sent, empty for GET and
// DELETE): whoever holds the key alone must not be able to use it. Null when the request may proceed.
export async function refuseUnsigned(caller: RulesCaller, request: Request, body: Uint8Array, now: Date): Promise<Response | null> {
  const secret = caller.principal.signingSecret;
  if (secret === undefined) return null;
  const check = verifySignature({ header: request.headers.get(SIGNATURE_HEADER), body, secret, now });
  if (!check.ok) return unauthorized();
  if (!(await claimSignature(db(), caller.principal.keyId, check.signature, check.expiresAt, now))) return unauthorized();
  return null;
}
