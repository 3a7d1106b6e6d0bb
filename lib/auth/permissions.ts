import type { Role } from '@/lib/generated/prisma/enums';

// The one table that says who may do what. Defender calls the configuring permission
// "Manage security settings"; readers and operators may look but not change.

export const ROLES = [
  'GLOBAL_ADMINISTRATOR',
  'SECURITY_ADMINISTRATOR',
  'SECURITY_OPERATOR',
  'SECURITY_READER',
] as const satisfies readonly Role[];

// Managing users (who may sign in, with which role) is the Global Administrator's alone, as in Entra ID.
export type Permission = 'viewSecuritySettings' | 'manageSecuritySettings' | 'manageUsers';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  GLOBAL_ADMINISTRATOR: ['viewSecuritySettings', 'manageSecuritySettings', 'manageUsers'],
  SECURITY_ADMINISTRATOR: ['viewSecuritySettings', 'manageSecuritySettings'],
  SECURITY_OPERATOR: ['viewSecuritySettings'],
  SECURITY_READER: ['viewSecuritySettings'],
};

// Every operation a user can attempt, and the permission it needs. Server actions and pages name an
// operation from this list; nothing checks a role directly.
export const OPERATIONS = {
  'rules.view': 'viewSecuritySettings',
  'rules.create': 'manageSecuritySettings',
  'rules.update': 'manageSecuritySettings',
  'rules.delete': 'manageSecuritySettings',
  // Sends email to the rule's recipients: as much a change as editing it.
  'rules.sendTestEmail': 'manageSecuritySettings',
  'deviceGroups.view': 'viewSecuritySettings',
  'deviceGroups.manage': 'manageSecuritySettings',
  'audit.view': 'viewSecuritySettings',
  'apiKeys.view': 'viewSecuritySettings',
  'apiKeys.manage': 'manageSecuritySettings',
  'users.view': 'manageUsers',
  'users.manage': 'manageUsers',
} as const satisfies Record<string, Permission>;

export type Operation = keyof typeof OPERATIONS;

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
