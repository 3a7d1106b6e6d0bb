'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { setUserRbacRoles } from '@/lib/data/rbac-roles';
import { setUserRbacRolesSchema } from '@/lib/validation/rbac-role';

// Replaces the RBAC roles a user holds. No session is voided: access is worked out afresh on every request.
export const setUserRbacRolesAction = defineAction(
  { name: 'setUserRbacRoles', operation: 'users.manage', schema: setUserRbacRolesSchema },
  async ({ userId, roleIds }, { ctx }) => {
    await setUserRbacRoles(ctx, userId, roleIds);
    revalidatePath('/settings/users');
    revalidatePath('/settings/roles');
    return null;
  },
);
