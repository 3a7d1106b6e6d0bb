import { z } from 'zod';
import { RBAC_PERMISSIONS } from '@/lib/auth/permissions';

// RBAC roles (Settings → Roles) and the roles a user holds. Messages are i18n keys (namespace `validation`).

export const RBAC_ROLE_NAME_MAX = 100;
export const RBAC_ROLE_DESCRIPTION_MAX = 500;
// Bounds on what one request may name; far above any real tenant.
const DEVICE_GROUPS_MAX = 500;
const ROLES_PER_USER_MAX = 100;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

const deviceGroupIds = z
  .array(z.uuid('deviceGroupUnknown'))
  .min(1, 'rbacRoleDeviceGroupRequired')
  .max(DEVICE_GROUPS_MAX)
  .refine(distinct, 'deviceGroupDuplicate');

export const rbacRoleSchema = z.object({
  name: z.string().trim().min(1, 'rbacRoleNameRequired').max(RBAC_ROLE_NAME_MAX, 'rbacRoleNameTooLong'),
  description: z.string().trim().max(RBAC_ROLE_DESCRIPTION_MAX, 'rbacRoleDescriptionTooLong'),
  permissions: z
    .array(z.enum(RBAC_PERMISSIONS))
    .min(1, 'rbacPermissionRequired')
    .max(RBAC_PERMISSIONS.length)
    .refine(distinct, 'rbacPermissionRequired'),
  // Always a list: there is no "all device groups" role (only a Global Administrator manages every group).
  deviceGroupIds,
});

const roleId = z.uuid('rbacRoleNotFound');
export const rbacRoleIdSchema = z.object({ id: roleId });
export const updateRbacRoleSchema = rbacRoleSchema.extend({ id: roleId });

// The roles a user holds, replacing what they held; an empty list takes every role away.
export const rbacRoleIdsSchema = z.array(roleId).max(ROLES_PER_USER_MAX).refine(distinct, 'rbacRoleDuplicate');
export const setUserRbacRolesSchema = z.object({ userId: z.uuid('userNotFound'), roleIds: rbacRoleIdsSchema });

export type RbacRoleInput = z.infer<typeof rbacRoleSchema>;
export type RbacRoleFormValues = z.input<typeof rbacRoleSchema>;
export type SetUserRbacRolesInput = z.infer<typeof setUserRbacRolesSchema>;
