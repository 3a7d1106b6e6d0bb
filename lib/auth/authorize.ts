import { OPERATIONS, roleHasPermission, type Operation } from '@/lib/auth/permissions';
import type { Role } from '@/lib/generated/prisma/enums';

export type Actor = { userId: string; tenantId: string; role: Role };

// The one question every page and action asks: may this actor perform this operation? Pure, so the
// whole role x operation matrix is unit-tested.
export function can(actor: Actor, operation: Operation): boolean {
  return roleHasPermission(actor.role, OPERATIONS[operation]);
}
