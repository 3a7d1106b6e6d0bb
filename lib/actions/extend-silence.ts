'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { extendSilence } from '@/lib/data/silences';
import { extendSilenceSchema } from '@/lib/validation/silence';

// A later end for a silence that is not over, still at most the longest a silence may last from its start.
export const extendSilenceAction = defineAction(
  { name: 'extendSilence', operation: 'silences.manage', schema: extendSilenceSchema },
  async ({ id, endsAt }, { ctx }) => {
    await extendSilence(ctx, id, endsAt);
    // The administrators' banner about silences ending soon is in the layout.
    revalidatePath('/', 'layout');
    return null;
  },
);
