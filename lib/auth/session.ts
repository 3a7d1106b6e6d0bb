import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth/auth';
import { can, type Actor } from '@/lib/auth/authorize';
import { accessOfUser, rbacRolesSelect } from '@/lib/auth/load-access';
import type { Operation } from '@/lib/auth/permissions';
import { db } from '@/lib/db/client';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { Language } from '@/lib/i18n/languages';
import type { PermissionsModel, Role } from '@/lib/generated/prisma/enums';

export type PortalSession = {
  user: { id: string; email: string; name: string; role: Role; language: Language };
  tenant: { id: string; name: string; defaultLanguage: Language; permissionsModel: PermissionsModel };
  ctx: TenantContext;
  actor: Actor;
  can(operation: Operation): boolean;
};

// The signed-in user as the database says now (not as the token said at sign-in). Cached per request.
export const getPortalUser = cache(async (): Promise<PortalSession | null> => {
  const session = await auth();
  if (!session?.userId || !session.signedInAt) return null;
  // Roles and their device groups are read afresh too: a lost role or group takes effect on the next request.
  const user = await db().user.findUnique({
    where: { id: session.userId },
    include: { tenant: true, rbacRoles: rbacRolesSelect },
  });
  // A password change or a removal voids every session issued before it.
  if (!user || user.sessionsValidAfter.getTime() > session.signedInAt) return null;

  const actor: Actor = {
    userId: user.id,
    tenantId: user.tenantId,
    role: user.role,
    access: accessOfUser(user, user.tenant.permissionsModel),
  };
  const { tenant } = user;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language },
    tenant: { id: tenant.id, name: tenant.name, defaultLanguage: tenant.defaultLanguage, permissionsModel: tenant.permissionsModel },
    ctx: { tenantId: user.tenantId, userId: user.id, userEmail: user.email, actor },
    actor,
    can: (operation) => can(actor, operation),
  };
});

export async function requirePortalUser(): Promise<PortalSession> {
  const session = await getPortalUser();
  if (!session) redirect('/sign-in');
  return session;
}
