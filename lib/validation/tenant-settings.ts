import { z } from 'zod';
import { isTimeZone } from '@/lib/rules/silences';
import { recipientCapSchema } from '@/lib/validation/email-volume';
import { createTenantSchema, updateTenantSchema } from '@/lib/validation/tenant';

// The organization settings form (Settings → Organization), composed from the tenant schemas that the
// command line uses too (lib/validation/tenant.ts), so both accept exactly the same values. Those speak
// English to an operator; a form speaks in catalog keys (namespace `validation`), so each field's failure
// is given the key below.
//
// The Microsoft Entra tenant id is not here on purpose: it decides whose Microsoft sign-ins reach an
// organization, so only the deployment's operator sets it (`npm run tenant -- update`). Keys the schema does
// not name are dropped, so an action call that carries one changes nothing.

// Each accepts a string (it is what the form sends).
function withMessage<S extends z.ZodType>(schema: S, message: (value: string) => string) {
  return z.string().transform((value, ctx): z.output<S> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as z.output<S>;
    ctx.addIssue({ code: 'custom', message: message(value), input: value });
    return z.NEVER;
  });
}

const { name } = createTenantSchema.shape;
const { defaultLanguage, permissionsModel } = updateTenantSchema.shape;

export const tenantSettingsSchema = z.object({
  name: withMessage(name, (value) => (value.trim() === '' ? 'organizationNameRequired' : 'organizationNameTooLong')),
  defaultLanguage: defaultLanguage.unwrap(),
  permissionsModel: permissionsModel.unwrap(),
  // The wall clock of recurring silences (maintenance windows): an IANA name this runtime knows.
  timeZone: z.string().trim().refine(isTimeZone, 'timeZoneInvalid'),
  // At most so many emails per hour or day to one address over every rule (null: no such cap); what exceeds
  // it waits for a digest, as a rule's own cap does.
  addressCap: recipientCapSchema.nullable(),
});

export type TenantSettingsInput = z.output<typeof tenantSettingsSchema>;
export type TenantSettingsFormValues = z.input<typeof tenantSettingsSchema>;
