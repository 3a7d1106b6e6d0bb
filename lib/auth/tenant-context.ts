import type { Actor } from '@/lib/auth/authorize';

// Who is acting, for which tenant, with which rights over which device groups. Built only from the
// verified session (lib/auth/session.ts), never from client input; every function in lib/data takes it,
// scopes its queries with `tenantId`, and limits device-group-scoped data with `actor`.
export type TenantContext = {
  readonly tenantId: string;
  readonly userId: string;
  readonly userEmail: string;
  readonly actor: Actor;
  // Set when the caller is an API key (lib/rules-api) rather than a signed-in user: `userId` is then the
  // key's id and `userEmail` names the key (`api-key:<prefix>`), which is what the audit trail records.
  // No User row exists for it, so nothing may store `userId` as a reference to a user.
  readonly apiKey?: { readonly id: string; readonly prefix: string };
};

// The user a change is attributed to in columns that reference User (createdById, updatedById).
export const editingUserId = (ctx: TenantContext): string | null => (ctx.apiKey ? null : ctx.userId);
