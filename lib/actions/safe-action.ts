import 'server-only';
import type { z } from 'zod';
import { getPortalUser, type PortalSession } from '@/lib/auth/session';
import type { Operation } from '@/lib/auth/permissions';
import type { ActionResult } from '@/lib/actions/result';
import { SafeError } from '@/lib/safe-error';
import { errorFields, log } from '@/lib/observability/logger';
import { currentRequestId } from '@/lib/observability/request-id';

// Every server action is built by one of the clients below, layered: the public one masks errors
// and validates; the signed-in one first authenticates (from the database, not the token); the
// authorized one also checks the declared operation. Nothing the client sends decides tenant or user.

// What an action declares about itself, kept on the function so the authorization matrix test can find
// every action and the operation it claims without calling it.
export type ActionMeta = { name: string; access: 'public' | 'signedIn' | Operation };
type Action<S extends z.ZodType, T> = ((input: z.input<S>) => Promise<ActionResult<T>>) & { meta: ActionMeta };

// Who an action ran for, filled in by the signed-in layers as soon as they know, for the failure log line.
type CallContext = { tenantId?: string; userId?: string };

export function definePublicAction<S extends z.ZodType, T>(
  config: { name: string; schema: S },
  handler: (input: z.output<S>) => Promise<T>,
): Action<S, T> {
  return defineLayeredAction(config, { name: config.name, access: 'public' }, handler);
}

// A public action posted by a plain `<form action={...}>`, so it works before hydration and without
// JavaScript. React hands it the form's FormData and wants nothing back: it ends in a navigation, and an
// unexpected failure is logged and masked as in every other action.
export function definePublicFormAction(
  config: { name: string; schema: z.ZodType },
  handler: (input: unknown) => Promise<void>,
): ((formData?: FormData) => Promise<void>) & { meta: ActionMeta } {
  const action = definePublicAction(config, handler);
  const post = async (formData?: FormData): Promise<void> => {
    await action(formData);
  };
  return Object.assign(post, { meta: action.meta });
}

export function defineSignedInAction<S extends z.ZodType, T>(
  config: { name: string; schema: S },
  handler: (input: z.output<S>, session: PortalSession) => Promise<T>,
): Action<S, T> {
  return defineLayeredAction(config, { name: config.name, access: 'signedIn' }, async (input, context) =>
    handler(input, await requireSession(context)));
}

export function defineAction<S extends z.ZodType, T>(
  config: { name: string; operation: Operation; schema: S },
  handler: (input: z.output<S>, session: PortalSession) => Promise<T>,
): Action<S, T> {
  return defineLayeredAction(config, { name: config.name, access: config.operation }, async (input, context) => {
    const session = await requireSession(context);
    if (!session.can(config.operation)) throw new SafeError('forbidden');
    return handler(input, session);
  });
}

// The base layer: validation, error masking and the log line of an unexpected failure.
function defineLayeredAction<S extends z.ZodType, T>(
  config: { name: string; schema: S },
  meta: ActionMeta,
  handler: (input: z.output<S>, context: CallContext) => Promise<T>,
): Action<S, T> {
  const action = async (input: z.input<S>): Promise<ActionResult<T>> => {
    const context: CallContext = {};
    try {
      const parsed = config.schema.safeParse(input);
      if (!parsed.success) return { ok: false, error: 'invalidInput', fieldErrors: fieldErrorsOf(parsed.error) };
      return { ok: true, data: await handler(parsed.data, context) };
    } catch (error) {
      if (error instanceof SafeError) {
        return { ok: false, error: error.key, errorParams: error.params, fieldErrors: error.fieldErrors };
      }
      // Next's redirect()/notFound() work by throwing: let them through.
      if (isNavigationSignal(error)) throw error;
      // Not the error object: a failed query's message renders its arguments (a new key's hash, a secret).
      const requestId = await currentRequestId();
      log().error({ action: config.name, requestId, ...context, ...errorFields(error) }, 'action failed');
      return { ok: false, error: 'unexpected' };
    }
  };
  return Object.assign(action, { meta });
}

async function requireSession(context: CallContext): Promise<PortalSession> {
  const session = await getPortalUser();
  if (!session) throw new SafeError('unauthenticated');
  context.tenantId = session.tenant.id;
  context.userId = session.user.id;
  return session;
}

function isNavigationSignal(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'))
  );
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    // Our own messages are catalog keys (camelCase words); zod's built-in English sentences become `invalid`.
    fields[path] ??= /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}
