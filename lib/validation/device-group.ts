import { z } from 'zod';

export const DEVICE_GROUP_NAME_MAX = 100;

export const deviceGroupSchema = z.object({
  name: z.string().trim().min(1, 'deviceGroupNameRequired').max(DEVICE_GROUP_NAME_MAX, 'deviceGroupNameTooLong'),
  // Defender for Endpoint's numeric RBAC group id, kept as text: it is an identifier, not a quantity.
  rbacGroupId: z
    .string()
    .trim()
    .max(64, 'rbacGroupIdInvalid')
    .regex(/^[A-Za-z0-9_-]*$/, 'rbacGroupIdInvalid')
    .transform((value) => (value === '' ? null : value)),
});

export const updateDeviceGroupSchema = deviceGroupSchema.extend({ id: z.uuid('deviceGroupNotFound') });
export const deviceGroupIdSchema = z.object({ id: z.uuid('deviceGroupNotFound') });

export type DeviceGroupInput = z.infer<typeof deviceGroupSchema>;
export type DeviceGroupFormValues = z.input<typeof deviceGroupSchema>;
