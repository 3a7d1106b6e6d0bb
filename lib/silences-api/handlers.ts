import { z } from 'zod';
import { createSilence, endSilence, extendSilence, getSilence, listSilences, tenantTimeZone } from '@/lib/data/silences';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { SafeError } from '@/lib/safe-error';
import { handleApiRequest, type ApiHandler } from '@/lib/rules-api/handle';
import * as answer from '@/lib/rules-api/responses';
import { documentPath, parseSilenceDocument, toSilenceDocument, wallTimeOf } from '@/lib/silences-api/silence-document';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// The silences API (GET/POST /api/silences, GET/PATCH/DELETE /api/silences/{id}): a change-management system
// can open a maintenance window before its work starts and end it when done. The routes only pass requests
// here; lib/data/silences.ts checks and audits exactly as for the portal (the key is named in the trail).

const SILENCE_BODY_MAX_BYTES = 64 * 1024;
const silenceId = z.uuid();

function silenceFailure(error: SafeError): Response {
  if (error.key === 'notFound') return answer.silenceNotFound();
  if (error.key === 'silenceOver') return answer.silenceOver();
  if (error.fieldErrors) {
    return answer.invalidSilence(Object.entries(error.fieldErrors).map(([path, message]) => ({ path: documentPath(path), message })));
  }
  return answer.invalidSilence([{ path: '', message: error.key }]);
}

const handle = (request: Request, scope: ApiKeyScope, withBody: boolean, run: ApiHandler) =>
  handleApiRequest(request, { scope, withBody, maxBytes: SILENCE_BODY_MAX_BYTES, failure: silenceFailure }, run);

async function silenceResponse(ctx: TenantContext, id: string, status: 200 | 201 = 200): Promise<Response> {
  const view = await getSilence(ctx, id);
  if (!view) return answer.silenceNotFound();
  const document = toSilenceDocument(view, await tenantTimeZone(ctx));
  return status === 201 ? Response.json(document, { status: 201, headers: { 'Cache-Control': 'no-store', Location: `/api/silences/${id}` } }) : answer.ok(document);
}

// Active and upcoming silences, then the 100 most recently ended.
export const handleListSilences = (request: Request) =>
  handle(request, 'silences:read', false, async ({ ctx }) => {
    const lists = await listSilences(ctx);
    const silences = [...lists.active, ...lists.upcoming, ...lists.expired].map((view) => toSilenceDocument(view, lists.timeZone));
    return answer.ok({ timeZone: lists.timeZone, silences });
  });

export const handleCreateSilence = (request: Request) =>
  handle(request, 'silences:write', true, async ({ ctx }, json) => {
    const parsed = await parseSilenceDocument(ctx, json, await tenantTimeZone(ctx));
    if (!parsed.ok) return answer.invalidSilence(parsed.invalidFields);
    const { id } = await createSilence(ctx, parsed.input);
    return silenceResponse(ctx, id, 201);
  });

export const handleGetSilence = (request: Request, id: string) =>
  handle(request, 'silences:read', false, async ({ ctx }) => (silenceId.safeParse(id).success ? silenceResponse(ctx, id) : answer.silenceNotFound()));

// Extend: { "endsAt": a later end }. The only change a silence takes: what it holds back is fixed once made.
export const handleExtendSilence = (request: Request, id: string) =>
  handle(request, 'silences:write', true, async ({ ctx }, json) => {
    if (!silenceId.safeParse(id).success) return answer.silenceNotFound();
    const body = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
    const extra = body ? Object.keys(body).filter((key) => key !== 'endsAt') : [];
    if (!body || extra.length > 0) {
      return answer.invalidSilence([{ path: extra[0] ?? '', message: 'Only { "endsAt": … } can be changed: a silence is extended, or ended with DELETE.' }]);
    }
    const endsAt = wallTimeOf(body.endsAt, await tenantTimeZone(ctx));
    if (!endsAt) return answer.invalidSilence([{ path: 'endsAt', message: 'silenceTimeInvalid' }]);
    await extendSilence(ctx, id, endsAt);
    return silenceResponse(ctx, id);
  });

// End now: an active silence stops holding email at once, an upcoming one never starts. Answers the ended silence.
export const handleEndSilence = (request: Request, id: string) =>
  handle(request, 'silences:write', false, async ({ ctx }) => {
    if (!silenceId.safeParse(id).success) return answer.silenceNotFound();
    await endSilence(ctx, id);
    return silenceResponse(ctx, id);
  });
