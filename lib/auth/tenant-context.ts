import type { Actor } from '@/lib/auth/authorize';

// Who is acting, for which tenant, with which rights over which device groups. Built only from the
// verified session (lib/auth/session.ts), never from client input; every function in lib/data takes it,
// scopes its queries with `tenantId`, and limits device-group-scoped data with `actor`.
export type TenantContext = {
  readonly tenantId: string;
  readonly userId: string;
  readonly userEmail: string;
  readonly actor: Actor;
};
