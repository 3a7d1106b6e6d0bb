import { RBAC_PERMISSION_GRANTS, ROLE_PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import { ALL_GROUPS, NO_GROUPS, groupsScope, type GroupScope } from '@/lib/auth/scope';
import type { PermissionsModel, RbacPermission, Role } from '@/lib/generated/prisma/enums';

// What a user may do, and over which device groups: worked out from the database on every request
// (lib/auth/session.ts) and for every recipient of every incident (lib/incidents/ingest), so a lost role
// or group takes effect at once. Pure.

export type Access = {
  permissions: ReadonlySet<Permission>;
  // Per permission, the device groups it holds for. A permission not held has NO_GROUPS.
  scopes: Readonly<Record<Permission, GroupScope>>;
};

export type AccessInput = {
  role: Role;
  permissionsModel: PermissionsModel;
  rbacRoles: readonly { permissions: readonly RbacPermission[]; deviceGroupIds: readonly string[] }[];
};

export function accessOf({ role, permissionsModel, rbacRoles }: AccessInput): Access {
  // Basic model: the directory role, over every group. RBAC model: the Global Administrator still holds
  // everything everywhere (someone must be able to define the roles); everybody else holds exactly what
  // their RBAC roles grant, for those roles' groups.
  if (permissionsModel === 'BASIC' || role === 'GLOBAL_ADMINISTRATOR') {
    const held = new Set(ROLE_PERMISSIONS[role]);
    return { permissions: held, scopes: scopesFor((permission) => (held.has(permission) ? ALL_GROUPS : NO_GROUPS)) };
  }
  const groups = new Map<Permission, Set<string>>();
  for (const rbacRole of rbacRoles) {
    for (const granted of rbacRole.permissions.flatMap((permission) => RBAC_PERMISSION_GRANTS[permission])) {
      const set = groups.get(granted) ?? new Set<string>();
      for (const id of rbacRole.deviceGroupIds) set.add(id);
      groups.set(granted, set);
    }
  }
  return {
    permissions: new Set(groups.keys()),
    scopes: scopesFor((permission) => {
      const ids = groups.get(permission);
      return ids ? groupsScope(ids) : NO_GROUPS;
    }),
  };
}

function scopesFor(scopeOf: (permission: Permission) => GroupScope): Record<Permission, GroupScope> {
  return {
    viewSecuritySettings: scopeOf('viewSecuritySettings'),
    manageSecuritySettings: scopeOf('manageSecuritySettings'),
    viewIncidents: scopeOf('viewIncidents'),
    manageUsers: scopeOf('manageUsers'),
  };
}
