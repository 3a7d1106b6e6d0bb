'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createSilence } from '@/lib/data/silences';
import { silenceSchema } from '@/lib/validation/silence';

// The device groups it names must all be the caller's to manage; naming none (every group) needs every group.
export const createSilenceAction = defineAction(
  { name: 'createSilence', operation: 'silences.manage', schema: silenceSchema },
  async (input, { ctx }) => {
    const created = await createSilence(ctx, input);
    // The list, and the administrators' banner about silences ending soon, which is in the layout.
    revalidatePath('/', 'layout');
    return created;
  },
);
