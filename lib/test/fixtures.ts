import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db/client';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { accessOf } from '@/lib/auth/access';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { Role } from '@/lib/generated/prisma/enums';

// Every test builds its own tenant with unique names, so tests never see each other's data.
export async function createTenant(name = `Tenant ${randomUUID().slice(0, 8)}`) {
  const tenant = await db().tenant.create({ data: { name, microsoftTenantId: randomUUID() } });
  const groups = await Promise.all(
    ['Clients', 'Servers', 'Domain controllers'].map((group, index) =>
      db().deviceGroup.create({
        data: { tenantId: tenant.id, name: group, nameKey: deviceGroupNameKey(group), rbacGroupId: String(100 + index) },
      }),
    ),
  );
  const users = {} as Record<Role, { id: string; email: string }>;
  for (const role of ['GLOBAL_ADMINISTRATOR', 'SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'] as Role[]) {
    const user = await db().user.create({
      data: { tenantId: tenant.id, email: `${role.toLowerCase()}-${randomUUID()}@example.com`, name: role, role },
    });
    users[role] = { id: user.id, email: user.email };
  }
  return { tenant, groups, users };
}

// A data-layer context for a user of the Basic permissions model (every device group), as
// lib/auth/session.ts would build it.
export function basicContext(
  tenantId: string,
  user: { id: string; email: string },
  role: Role = 'GLOBAL_ADMINISTRATOR',
): TenantContext {
  const access = accessOf({ role, permissionsModel: 'BASIC', rbacRoles: [] });
  return { tenantId, userId: user.id, userEmail: user.email, actor: { userId: user.id, tenantId, role, access } };
}
