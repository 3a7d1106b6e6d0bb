import type { Access } from '@/lib/auth/access';
import type { Permission } from '@/lib/auth/permissions';
import { ALL_GROUPS, NO_GROUPS } from '@/lib/auth/scope';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { ApiKeyPrincipal } from '@/lib/data/api-keys';
import type { ApiKeyScope } from '@/lib/validation/api-key';

// The context lib/data is called with for a request made with an API key. A key is the tenant's, not any
// one user's: its scopes grant the rule permissions over every device group, and nothing else (no user,
// incident or tenant-settings permission), so lib/data answers it exactly as it would an administrator
// limited to rules and silences. The audit trail names the key by its prefix.
export function apiKeyContext(principal: ApiKeyPrincipal): TenantContext {
  const held = new Set<Permission>();
  const has = (...scopes: ApiKeyScope[]) => scopes.some((scope) => principal.scopes.includes(scope));
  if (has('rules:read', 'rules:write', 'silences:read', 'silences:write')) held.add('viewSecuritySettings');
  // Changing a rule or a silence locks and reads it first, so write includes seeing what is written. Each
  // endpoint checks its own scope first: a silences key reaches no rule endpoint, and the other way round.
  if (has('rules:write', 'silences:write')) held.add('manageSecuritySettings');
  const scope = (permission: Permission) => (held.has(permission) ? ALL_GROUPS : NO_GROUPS);
  const access: Access = {
    permissions: held,
    scopes: {
      viewSecuritySettings: scope('viewSecuritySettings'),
      manageSecuritySettings: scope('manageSecuritySettings'),
      viewIncidents: NO_GROUPS,
      manageUsers: NO_GROUPS,
    },
  };
  return {
    tenantId: principal.tenantId,
    userId: principal.keyId,
    userEmail: `api-key:${principal.prefix}`,
    // The role is never consulted for rules (access is); the least one keeps any other check closed.
    actor: { userId: principal.keyId, tenantId: principal.tenantId, role: 'SECURITY_READER', access },
    apiKey: { id: principal.keyId, prefix: principal.prefix },
  };
}
