import { z } from 'zod';

// Filters of the delivery log, from the page's query string. Unknown or malformed values are dropped
// rather than refused: a hand-edited URL should still show a log.
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'filtered', 'silenced', 'held', 'coalesced'] as const;

export const deliveryLogFilterSchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  ruleId: z.uuid().optional().catch(undefined),
  // What one silence held back (linked from the silence's details).
  silenceId: z.uuid().optional().catch(undefined),
  // One email and those that went out in it (a digest's listed emails, the emails coalesced into it).
  delivery: z.uuid().optional().catch(undefined),
  incident: z.string().trim().max(200).optional().catch(undefined),
  recipient: z.string().trim().toLowerCase().max(254).optional().catch(undefined),
  // Id of the last entry of the previous page.
  cursor: z.uuid().optional().catch(undefined),
});

export type DeliveryLogFilter = z.infer<typeof deliveryLogFilterSchema>;
