import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';
import { LANGUAGES } from '@/lib/i18n/languages';
import { rbacRoleIdsSchema } from '@/lib/validation/rbac-role';

export const USER_NAME_MAX = 100;
// Checked by these schemas in the browser and again on the server by the actions that use them.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, 'passwordTooShort')
  .max(PASSWORD_MAX_LENGTH, 'passwordTooLong');
const userId = z.uuid('userNotFound');
const role = z.enum(ROLES, 'roleRequired');

export const createUserSchema = z.object({
  name: z.string().trim().min(1, 'userNameRequired').max(USER_NAME_MAX, 'userNameTooLong'),
  // Sign-in looks users up by the lower-cased address, across every organization.
  email: z.string().trim().toLowerCase().min(1, 'emailRequired').max(254, 'emailInvalid').pipe(z.email('emailInvalid')),
  role,
  language: z.enum(LANGUAGES),
  password,
  // The RBAC roles (Settings → Roles) the user starts with; they grant something only in the RBAC model.
  rbacRoleIds: rbacRoleIdsSchema.default([]),
});

export const changeUserRoleSchema = z.object({ id: userId, role });
export const resetUserPasswordSchema = z.object({ id: userId, password });
export const userIdSchema = z.object({ id: userId });

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'currentPasswordRequired').max(PASSWORD_MAX_LENGTH, 'wrongCurrentPassword'),
    newPassword: password,
    confirmPassword: z.string(),
  })
  .refine((value) => value.confirmPassword === value.newPassword, {
    path: ['confirmPassword'],
    message: 'passwordsDoNotMatch',
  });

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type CreateUserFormValues = z.input<typeof createUserSchema>;
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;
export type ChangeOwnPasswordFormValues = z.input<typeof changeOwnPasswordSchema>;
