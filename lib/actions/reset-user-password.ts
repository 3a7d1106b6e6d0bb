'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { resetUserPassword } from '@/lib/data/users';
import { resetUserPasswordSchema } from '@/lib/validation/user';

// Sets a password the administrator hands over, and voids every session the user had.
export const resetUserPasswordAction = defineAction(
  { name: 'resetUserPassword', operation: 'users.manage', schema: resetUserPasswordSchema },
  async ({ id, password }, { ctx }) => {
    await resetUserPassword(ctx, id, password);
    revalidatePath('/settings/users');
    return null;
  },
);
