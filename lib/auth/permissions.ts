import type { RbacPermission, Role } from '@/lib/generated/prisma/enums';

// The one table that says who may do what. Defender calls the configuring permission
// "Manage security settings"; readers and operators may look but not change.

export const ROLES = [
  'GLOBAL_ADMINISTRATOR',
  'SECURITY_ADMINISTRATOR',
  'SECURITY_OPERATOR',
  'SECURITY_READER',
] as const satisfies readonly Role[];

// Managing users, roles and the tenant (who may sign in, with which rights) is the Global Administrator's
// alone, as in Entra ID. `viewIncidents` is what receiving incident email requires.
export type Permission =
  | 'viewSecuritySettings'
  | 'manageSecuritySettings'
  | 'viewIncidents'
  | 'manageUsers';

// The Basic permissions model: the directory role decides, for every device group.
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  GLOBAL_ADMINISTRATOR: ['viewSecuritySettings', 'manageSecuritySettings', 'viewIncidents', 'manageUsers'],
  SECURITY_ADMINISTRATOR: ['viewSecuritySettings', 'manageSecuritySettings', 'viewIncidents'],
  SECURITY_OPERATOR: ['viewSecuritySettings', 'viewIncidents'],
  SECURITY_READER: ['viewSecuritySettings', 'viewIncidents'],
};

// The RBAC permissions model: what a tenant-defined role grants, over the role's device groups. Either
// one also lets its holder open the settings pages (and see there only what lies in their groups).
export const RBAC_PERMISSIONS = ['manageSecuritySettings', 'viewIncidents'] as const satisfies readonly RbacPermission[];

export const RBAC_PERMISSION_GRANTS: Record<RbacPermission, readonly Permission[]> = {
  manageSecuritySettings: ['viewSecuritySettings', 'manageSecuritySettings'],
  viewIncidents: ['viewSecuritySettings', 'viewIncidents'],
};

// Every operation a user can attempt, the permission it needs, and its reach: `deviceGroups` operations
// are further limited to the groups the actor holds that permission for (lib/auth/authorize.ts);
// `tenant` operations act on the whole tenant, so they need the permission over every device group
// (in the RBAC model: a Global Administrator). Server actions and pages name an operation from this
// list; nothing checks a role directly.
type OperationRule = { permission: Permission; reach: 'deviceGroups' | 'tenant' };

export const OPERATIONS = {
  'rules.view': { permission: 'viewSecuritySettings', reach: 'deviceGroups' },
  'rules.create': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  'rules.update': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  'rules.delete': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  // Sends email to the rule's recipients: as much a change as editing it.
  'rules.sendTestEmail': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  // Creates and changes many rules at once (a rules file); each rule is then checked as rules.create or
  // rules.update would check it.
  'rules.import': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  'deliveries.view': { permission: 'viewSecuritySettings', reach: 'deviceGroups' },
  // What an incident says: the incidents received (with why each rule did or did not email), an email
  // preview's incident: those concerning the actor's groups, as much as its recipients may be sent.
  'incidents.view': { permission: 'viewIncidents', reach: 'deviceGroups' },
  // Silences (maintenance windows) hold back email about the device groups they name: a user limited to
  // some groups may silence only those, and a silence naming no group (every group) needs every group.
  'silences.view': { permission: 'viewSecuritySettings', reach: 'deviceGroups' },
  'silences.manage': { permission: 'manageSecuritySettings', reach: 'deviceGroups' },
  'deviceGroups.view': { permission: 'viewSecuritySettings', reach: 'deviceGroups' },
  'deviceGroups.manage': { permission: 'manageSecuritySettings', reach: 'tenant' },
  // The banner about addresses the provider will not deliver to: for those who configure every rule.
  'addresses.reviewUndeliverable': { permission: 'manageSecuritySettings', reach: 'tenant' },
  'apiKeys.view': { permission: 'viewSecuritySettings', reach: 'tenant' },
  'apiKeys.manage': { permission: 'manageSecuritySettings', reach: 'tenant' },
  'users.view': { permission: 'manageUsers', reach: 'tenant' },
  'users.manage': { permission: 'manageUsers', reach: 'tenant' },
  'roles.view': { permission: 'manageUsers', reach: 'tenant' },
  'roles.manage': { permission: 'manageUsers', reach: 'tenant' },
  'tenant.manage': { permission: 'manageUsers', reach: 'tenant' },
  // The whole audit log: who changed which rule, group, key, user, role or setting is the Global
  // Administrator's to read, as the users and roles are.
  'auditLog.view': { permission: 'manageUsers', reach: 'tenant' },
  // The entries about rules the viewer may see. Granted in the RBAC model only (lib/auth/audit-log-reach.ts):
  // in the Basic model the audit log is the Global Administrator's alone.
  'auditLog.viewRules': { permission: 'viewSecuritySettings', reach: 'deviceGroups' },
} as const satisfies Record<string, OperationRule>;

export type Operation = keyof typeof OPERATIONS;

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
