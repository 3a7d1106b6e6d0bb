'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { disableApiKeySigning } from '@/lib/data/api-keys';
import { apiKeyIdSchema } from '@/lib/validation/api-key';

export const disableApiKeySigningAction = defineAction(
  { name: 'disableApiKeySigning', operation: 'apiKeys.manage', schema: apiKeyIdSchema },
  async ({ id }, { ctx }) => {
    await disableApiKeySigning(ctx, id);
    revalidatePath('/settings/api-keys');
    return null;
  },
);
