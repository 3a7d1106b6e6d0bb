import { z } from 'zod';
import { calendarDay } from '@/lib/validation/calendar-day';

// Filters of the incidents list (Email notifications → Incidents received), from the page's query string.
// Like the delivery log's, malformed values are dropped rather than refused: a hand-edited URL still shows a list.
export const INCIDENT_SEVERITIES = ['high', 'medium', 'low', 'informational', 'unknown'] as const;
export const INCIDENT_STATUSES = ['active', 'inProgress', 'awaitingAction', 'resolved', 'redirected'] as const;
export const EMAILED_FILTERS = ['yes', 'no'] as const;

// A calendar day (UTC) as YYYY-MM-DD; anything else is dropped, like every malformed filter of this list.
const day = calendarDay('dateInvalid');

export const incidentListFilterSchema = z.object({
  severity: z.enum(INCIDENT_SEVERITIES).optional().catch(undefined),
  status: z.enum(INCIDENT_STATUSES).optional().catch(undefined),
  deviceGroupId: z.uuid().optional().catch(undefined),
  // Received on or after `from`, on or before `to` (whole UTC days).
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  // "yes": an email about it was sent or is on its way; "no": none was.
  emailed: z.enum(EMAILED_FILTERS).optional().catch(undefined),
  // Id of the last incident of the previous page.
  cursor: z.uuid().optional().catch(undefined),
});

export type IncidentListFilter = z.infer<typeof incidentListFilterSchema>;
