'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { deleteRbacRole } from '@/lib/data/rbac-roles';
import { rbacRoleIdSchema } from '@/lib/validation/rbac-role';

// Its holders lose what it granted from their next request on.
export const deleteRbacRoleAction = defineAction(
  { name: 'deleteRbacRole', operation: 'roles.manage', schema: rbacRoleIdSchema },
  async ({ id }, { ctx }) => {
    await deleteRbacRole(ctx, id);
    revalidatePath('/settings/roles');
    revalidatePath('/settings/users');
    return null;
  },
);
