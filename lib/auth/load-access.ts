import type { Db, Tx } from '@/lib/db/client';
import { accessOf, type Access } from '@/lib/auth/access';
import type { PermissionsModel, Role } from '@/lib/generated/prisma/enums';

// The RBAC roles of users, as the select every access lookup shares.
export const rbacRolesSelect = {
  select: { role: { select: { permissions: true, deviceGroups: { select: { deviceGroupId: true } } } } },
} as const;

type UserWithRoles = {
  role: Role;
  rbacRoles: { role: { permissions: readonly ('viewIncidents' | 'manageSecuritySettings')[]; deviceGroups: { deviceGroupId: string }[] } }[];
};

export function accessOfUser(user: UserWithRoles, permissionsModel: PermissionsModel): Access {
  return accessOf({
    role: user.role,
    permissionsModel,
    rbacRoles: user.rbacRoles.map(({ role }) => ({
      permissions: role.permissions,
      deviceGroupIds: role.deviceGroups.map((link) => link.deviceGroupId),
    })),
  });
}

// The access of the tenant's users with these addresses (lower-cased), for deciding what each recipient
// of an incident email may see. Addresses that are not users of this tenant are absent from the map.
export async function accessOfRecipients(
  client: Db | Tx,
  tenantId: string,
  emails: readonly string[],
): Promise<Map<string, Access>> {
  if (emails.length === 0) return new Map();
  const tenant = await client.tenant.findUnique({ where: { id: tenantId }, select: { permissionsModel: true } });
  if (!tenant) return new Map();
  const users = await client.user.findMany({
    where: { tenantId, email: { in: [...new Set(emails.map((email) => email.toLowerCase()))] } },
    select: { email: true, role: true, rbacRoles: rbacRolesSelect },
  });
  return new Map(users.map((user) => [user.email, accessOfUser(user, tenant.permissionsModel)]));
}
