'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { endSilence } from '@/lib/data/silences';
import { silenceIdSchema } from '@/lib/validation/silence';

// "End now": email is no longer held back from this moment (an upcoming silence never starts).
export const endSilenceAction = defineAction(
  { name: 'endSilence', operation: 'silences.manage', schema: silenceIdSchema },
  async ({ id }, { ctx }) => {
    await endSilence(ctx, id);
    revalidatePath('/', 'layout');
    return null;
  },
);
