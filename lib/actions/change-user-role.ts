'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { changeUserRole } from '@/lib/data/users';
import { changeUserRoleSchema } from '@/lib/validation/user';

// Refuses the caller's own role and the tenant's last Global Administrator; voids the user's sessions.
export const changeUserRoleAction = defineAction(
  { name: 'changeUserRole', operation: 'users.manage', schema: changeUserRoleSchema },
  async ({ id, role }, { ctx }) => {
    await changeUserRole(ctx, id, role);
    revalidatePath('/settings/users');
    return null;
  },
);
