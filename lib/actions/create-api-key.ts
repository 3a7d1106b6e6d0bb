'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createApiKey } from '@/lib/data/api-keys';
import { createApiKeySchema } from '@/lib/validation/api-key';

// Returns the key itself: this is the only time anyone sees it (only its hash is kept).
export const createApiKeyAction = defineAction(
  { name: 'createApiKey', operation: 'apiKeys.manage', schema: createApiKeySchema },
  async ({ name, scopes }, { ctx }) => {
    const created = await createApiKey(ctx, name, scopes);
    revalidatePath('/settings/api-keys');
    return created;
  },
);
