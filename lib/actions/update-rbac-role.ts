'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { updateRbacRole } from '@/lib/data/rbac-roles';
import { updateRbacRoleSchema } from '@/lib/validation/rbac-role';

// The role's holders have the new permissions and device groups from their next request on.
export const updateRbacRoleAction = defineAction(
  { name: 'updateRbacRole', operation: 'roles.manage', schema: updateRbacRoleSchema },
  async ({ id, ...input }, { ctx }) => {
    await updateRbacRole(ctx, id, input);
    revalidatePath('/settings/roles');
    revalidatePath('/settings/users');
    return null;
  },
);
