'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createRbacRole } from '@/lib/data/rbac-roles';
import { rbacRoleSchema } from '@/lib/validation/rbac-role';

// Device groups count only once found in the caller's tenant; a taken name comes back as a field error.
export const createRbacRoleAction = defineAction(
  { name: 'createRbacRole', operation: 'roles.manage', schema: rbacRoleSchema },
  async (input, { ctx }) => {
    const created = await createRbacRole(ctx, input);
    revalidatePath('/settings/roles');
    return created;
  },
);
