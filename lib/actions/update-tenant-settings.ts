'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { updateTenantSettings } from '@/lib/data/tenant-settings';
import { tenantSettingsSchema } from '@/lib/validation/tenant-settings';

// The caller's own organization only. A switch of the permissions model applies to every signed-in user's
// next request and to every email sent from now on: access is worked out afresh each time.
export const updateTenantSettingsAction = defineAction(
  { name: 'updateTenantSettings', operation: 'tenant.manage', schema: tenantSettingsSchema },
  async (input, { ctx }) => {
    await updateTenantSettings(ctx, input);
    // The organization's name is in every page's top bar.
    revalidatePath('/', 'layout');
    return null;
  },
);
