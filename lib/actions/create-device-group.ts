'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/safe-action';
import { createDeviceGroup } from '@/lib/data/device-groups';
import { deviceGroupSchema } from '@/lib/validation/device-group';

export const createDeviceGroupAction = defineAction(
  { name: 'createDeviceGroup', operation: 'deviceGroups.manage', schema: deviceGroupSchema },
  async (input, { ctx }) => {
    const created = await createDeviceGroup(ctx, input);
    revalidatePath('/settings/device-groups');
    return created;
  },
);
