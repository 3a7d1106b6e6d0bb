'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createUser } from '@/lib/data/users';
import { createUserSchema } from '@/lib/validation/user';

export const createUserAction = defineAction(
  { name: 'createUser', operation: 'users.manage', schema: createUserSchema },
  async (input, { ctx }) => {
    const created = await createUser(ctx, input);
    revalidatePath('/settings/users');
    return created;
  },
);
