'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { enableApiKeySigning } from '@/lib/data/api-keys';
import { apiKeyIdSchema } from '@/lib/validation/api-key';

// Turns signing on, or rotates the secret when it already is. Returns the secret: the only time anyone sees it.
export const enableApiKeySigningAction = defineAction(
  { name: 'enableApiKeySigning', operation: 'apiKeys.manage', schema: apiKeyIdSchema },
  async ({ id }, { ctx }) => {
    const { secret } = await enableApiKeySigning(ctx, id);
    revalidatePath('/settings/api-keys');
    return { secret };
  },
);
