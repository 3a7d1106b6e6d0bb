import { z } from 'zod';
import { PermissionsModel } from '@/lib/generated/prisma/enums';
import { LANGUAGES } from '@/lib/i18n/languages';
import { USER_NAME_MAX } from '@/lib/validation/user';

// Tenants are administered from the command line (scripts/tenant.ts), so the messages are English for the
// operator who typed the value, not catalog keys for a form.

export const TENANT_NAME_MAX = 100;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const name = z
  .string('must be text')
  .trim()
  .min(1, 'must not be empty')
  .max(TENANT_NAME_MAX, `must be at most ${TENANT_NAME_MAX} characters`);

// Lower-cased, as Entra ID writes it in a token's `tid`, which sign-in matches against it. Empty clears it.
const microsoftTenantId = z
  .string('must be text')
  .trim()
  .toLowerCase()
  .refine((value) => value === '' || GUID.test(value), 'must be a GUID (e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47), or empty for none')
  .transform((value) => (value === '' ? null : value));

const defaultLanguage = z.enum(LANGUAGES, `must be one of ${LANGUAGES.join(', ')}`);
const permissionsModel = z.enum(PermissionsModel, `must be one of ${Object.values(PermissionsModel).join(', ')}`);

export const createTenantSchema = z.object({
  name,
  microsoftTenantId: microsoftTenantId.optional().transform((value) => value ?? null),
  defaultLanguage: defaultLanguage.default('en'),
  permissionsModel: permissionsModel.default('BASIC'),
  // Sign-in finds users by the lower-cased address, across every tenant.
  adminEmail: z.string('must be text').trim().toLowerCase().max(254, 'is too long').pipe(z.email('must be an email address')),
  adminName: z
    .string('must be text')
    .trim()
    .min(1, 'must not be empty')
    .max(USER_NAME_MAX, `must be at most ${USER_NAME_MAX} characters`)
    .default('Administrator'),
});

export const updateTenantSchema = z
  .object({
    name: name.optional(),
    microsoftTenantId: microsoftTenantId.optional(),
    defaultLanguage: defaultLanguage.optional(),
    permissionsModel: permissionsModel.optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), 'nothing to change');

export const tenantIdSchema = z.uuid('must be a tenant id (a UUID, as `list` shows)');

export type CreateTenantInput = z.input<typeof createTenantSchema>;
export type UpdateTenantInput = z.input<typeof updateTenantSchema>;
