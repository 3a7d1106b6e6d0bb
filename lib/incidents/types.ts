import type { CapExceeded } from '@/lib/incidents/limits';

// The one shape every accepted payload (Graph incident/alert, Defender for Endpoint alert, native) is
// normalised into before anything is stored. Enum values are Graph's lower camel case ("High" -> "high",
// "TruePositive" -> "truePositive"); values we do not know are kept as sent, in that casing.

export type NormalizedDevice = {
  name: string;
  rbacGroupId: string | null;
  rbacGroupName: string | null;
};

export type NormalizedAlert = {
  externalId: string;
  title: string;
  severity: string;
  status: string;
  category: string | null;
  serviceSource: string | null;
  detectionSource: string | null;
  alertWebUrl: string | null;
  firstActivity: Date | null;
  lastActivity: Date | null;
  createdDateTime: Date | null;
  // The sender's version of this alert; older alert data than the stored version is ignored.
  lastUpdateDateTime: Date | null;
  devices: NormalizedDevice[];
};

export type NormalizedIncident = {
  externalId: string;
  // True when the payload held only alerts: the incident's own fields were inferred from them and must
  // not overwrite what a real incident payload said before.
  inferredFromAlerts: boolean;
  displayName: string;
  severity: string;
  status: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  incidentWebUrl: string | null;
  sourceTenantId: string | null;
  createdDateTime: Date | null;
  lastUpdateDateTime: Date | null;
  // The alerts the payload carried (none when an incident came without `$expand=alerts`).
  alerts: NormalizedAlert[];
};

export type PayloadFormat = 'graphIncident' | 'graphAlert' | 'defenderEndpointAlert' | 'native';

export type InvalidField = { path: string; message: string };

export type NormalizeResult =
  | { ok: true; format: PayloadFormat; incidents: NormalizedIncident[] }
  // `tooMany`: the payload is over a cap (lib/incidents/limits.ts); `errors` then holds that one message.
  | { ok: false; errors: InvalidField[]; tooMany?: CapExceeded };
