'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { updateDeviceGroup } from '@/lib/data/device-groups';
import { updateDeviceGroupSchema } from '@/lib/validation/device-group';

export const updateDeviceGroupAction = defineAction(
  { name: 'updateDeviceGroup', operation: 'deviceGroups.manage', schema: updateDeviceGroupSchema },
  async ({ id, ...input }, { ctx }) => {
    await updateDeviceGroup(ctx, id, input);
    revalidatePath('/settings/device-groups');
    revalidatePath('/settings/email-notifications/incidents');
    return null;
  },
);
