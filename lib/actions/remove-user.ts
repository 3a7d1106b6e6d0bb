'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { removeUser } from '@/lib/data/users';
import { userIdSchema } from '@/lib/validation/user';

// Refuses the caller themselves and the tenant's last Global Administrator.
export const removeUserAction = defineAction(
  { name: 'removeUser', operation: 'users.manage', schema: userIdSchema },
  async ({ id }, { ctx }) => {
    await removeUser(ctx, id);
    revalidatePath('/settings/users');
    return null;
  },
);
