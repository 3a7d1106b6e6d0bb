import { z } from 'zod';
import { createRule, deleteRule, getRule, listRules, updateRule } from '@/lib/data/rules';
import { listDeviceGroups } from '@/lib/data/device-groups';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { SafeError } from '@/lib/safe-error';
import { handleApiRequest, type ApiHandler } from '@/lib/rules-api/handle';
import { etagOf, parseIfMatch } from '@/lib/rules-api/etag';
import { parseRuleDocument, toRuleDocument } from '@/lib/rules-api/rule-document';
import * as answer from '@/lib/rules-api/responses';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// The rules API (GET/POST /api/rules, GET/PUT/DELETE /api/rules/{id}, GET /api/device-groups): the
// routes only pass requests here. Tenant isolation is lib/data's: every call carries the key's tenant,
// so another tenant's rule is "not found" exactly like one that never existed.

const RULE_BODY_MAX_BYTES = 256 * 1024;
const ruleId = z.uuid();

// Rule errors the data layer raises, as answers; anything else is handleApiRequest's (503, 500).
function ruleFailure(error: SafeError): Response {
  if (error.key === 'notFound') return answer.notFound();
  if (error.key === 'ruleChanged') return answer.preconditionFailed();
  if (error.fieldErrors) {
    return answer.invalidRule(
      Object.entries(error.fieldErrors).map(([path, message]) => ({ path: path === 'deviceGroupIds' ? 'deviceGroups' : path, message })),
    );
  }
  return answer.invalidRule([{ path: '', message: error.key }]);
}

const handle = (request: Request, scope: ApiKeyScope, withBody: boolean, run: ApiHandler) =>
  handleApiRequest(request, { scope, withBody, maxBytes: RULE_BODY_MAX_BYTES, failure: ruleFailure }, run);

async function ruleResponse(ctx: TenantContext, id: string, status: 200 | 201 = 200): Promise<Response> {
  const view = await getRule(ctx, id);
  if (!view) return answer.notFound();
  const etag = etagOf(view.updatedAt);
  return status === 201 ? answer.created(toRuleDocument(view), etag, `/api/rules/${id}`) : answer.ok(toRuleDocument(view), etag);
}

export const handleListRules = (request: Request) =>
  handle(request, 'rules:read', false, async ({ ctx }) => answer.ok({ rules: (await listRules(ctx)).map(toRuleDocument) }));

export const handleCreateRule = (request: Request) =>
  handle(request, 'rules:write', true, async ({ ctx }, json) => {
    const parsed = await parseRuleDocument(ctx, json);
    if (!parsed.ok) return answer.invalidRule(parsed.invalidFields);
    const { id } = await createRule(ctx, parsed.input, { enabled: parsed.enabled });
    return ruleResponse(ctx, id, 201);
  });

export const handleGetRule = (request: Request, id: string) =>
  handle(request, 'rules:read', false, async ({ ctx }) => (ruleId.safeParse(id).success ? ruleResponse(ctx, id) : answer.notFound()));

export const handleUpdateRule = (request: Request, id: string) =>
  handle(request, 'rules:write', true, async ({ ctx }, json) => {
    if (!ruleId.safeParse(id).success) return answer.notFound();
    const ifMatch = parseIfMatch(request.headers.get('if-match'));
    if (ifMatch.kind === 'missing') return answer.preconditionRequired();
    const parsed = await parseRuleDocument(ctx, json);
    if (!parsed.ok) return answer.invalidRule(parsed.invalidFields);
    await updateRule(ctx, id, parsed.input, {
      expectedUpdatedAt: ifMatch.kind === 'version' ? ifMatch.updatedAt : undefined,
      enabled: parsed.enabled,
    });
    return ruleResponse(ctx, id);
  });

export const handleDeleteRule = (request: Request, id: string) =>
  handle(request, 'rules:write', false, async ({ ctx }) => {
    if (!ruleId.safeParse(id).success) return answer.notFound();
    const ifMatch = parseIfMatch(request.headers.get('if-match'));
    if (ifMatch.kind === 'missing') return answer.preconditionRequired();
    await deleteRule(ctx, id, { expectedUpdatedAt: ifMatch.kind === 'version' ? ifMatch.updatedAt : undefined });
    return answer.noContent();
  });

// The names a rule document may use in `deviceGroups`.
export const handleListDeviceGroups = (request: Request) =>
  handle(request, 'rules:read', false, async ({ ctx }) =>
    answer.ok({ deviceGroups: (await listDeviceGroups(ctx)).map(({ id, name, rbacGroupId }) => ({ id, name, rbacGroupId })) }),
  );
