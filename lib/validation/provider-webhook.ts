import { z } from 'zod';

// A Resend webhook event, as far as we read it (https://resend.com/docs/dashboard/webhooks/event-types).
// Unknown fields are allowed: Resend adds to its events without notice.

const text = z.string().max(2000);
// Resend sends tags as an object; the send API takes them as a list of {name, value}. Both are accepted.
const tags = z
  .union([
    z.record(z.string().max(256), z.string().max(256)),
    z.array(z.object({ name: z.string().max(256), value: z.string().max(256) })).max(50),
  ])
  .transform((value) => (Array.isArray(value) ? Object.fromEntries(value.map(({ name, value: v }) => [name, v])) : value));

export const providerWebhookSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.iso.datetime({ offset: true }),
  data: z
    .object({
      email_id: z.string().max(200).optional(),
      to: z.array(z.string().max(320)).max(100).optional(),
      tags: tags.optional(),
      bounce: z.object({ type: text.optional(), subType: text.optional(), message: text.optional() }).nullish(),
      failed: z.object({ reason: text.optional() }).nullish(),
      suppressed: z.object({ type: text.optional(), message: text.optional() }).nullish(),
    })
    .loose(),
}).loose();

export type ProviderWebhookBody = z.infer<typeof providerWebhookSchema>;
