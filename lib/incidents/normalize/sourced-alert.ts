import type { NormalizedAlert } from '@/lib/incidents/types';

// An alert as an alert-only payload carries it: with what it says about its incident, from which
// the incident is inferred when the payload holds no incident.
export type SourcedAlert = {
  incidentExternalId: string | null;
  incidentWebUrl: string | null;
  sourceTenantId: string | null;
  lastUpdateDateTime: Date | null;
  alert: NormalizedAlert;
};
