// Who is acting, for which tenant. Built only from the verified session (lib/auth/session.ts), never from
// client input; every function in lib/data takes it and scopes its queries with `tenantId`.
export type TenantContext = {
  readonly tenantId: string;
  readonly userId: string;
  readonly userEmail: string;
};
