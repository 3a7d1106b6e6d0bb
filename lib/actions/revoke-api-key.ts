'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { revokeApiKey } from '@/lib/data/api-keys';
import { apiKeyIdSchema } from '@/lib/validation/api-key';

export const revokeApiKeyAction = defineAction(
  { name: 'revokeApiKey', operation: 'apiKeys.manage', schema: apiKeyIdSchema },
  async ({ id }, { ctx }) => {
    await revokeApiKey(ctx, id);
    revalidatePath('/settings/api-keys');
    return null;
  },
);
