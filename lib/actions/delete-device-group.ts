'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { deleteDeviceGroup } from '@/lib/data/device-groups';
import { deviceGroupIdSchema } from '@/lib/validation/device-group';

export const deleteDeviceGroupAction = defineAction(
  { name: 'deleteDeviceGroup', operation: 'deviceGroups.manage', schema: deviceGroupIdSchema },
  async ({ id }, { ctx }) => {
    await deleteDeviceGroup(ctx, id);
    revalidatePath('/settings/device-groups');
    return null;
  },
);
