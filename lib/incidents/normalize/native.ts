import { z } from 'zod';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { uniqueDevices } from '@/lib/incidents/normalize/evidence';
import {
  dateTime,
  deviceGroupName,
  enumValue,
  externalId,
  optionalEnumValue,
  optionalList,
  optionalText,
  rbacGroupId,
  requiredText,
  portalUrl,
  webUrl,
} from '@/lib/incidents/normalize/fields';

// Our own format, for senders that are not Microsoft Graph: NormalizedIncident in JSON (camelCase, Graph
// enum values, ISO 8601 dates), one incident or `{ "incidents": [...] }`. Unlike Microsoft's shapes it
// is strict: we define it, so an unknown field is a sender's typo worth reporting, not a future field.
// Documented in lib/incidents/openapi/native-schemas.ts; keep the two in step.

export const nativeDeviceSchema = z.strictObject({
  name: requiredText.pipe(z.string().trim().min(1, 'expected a non-empty device name')),
  rbacGroupId,
  rbacGroupName: deviceGroupName,
});

export const nativeAlertSchema = z.strictObject({
  externalId,
  title: requiredText,
  severity: enumValue('severity'),
  status: enumValue('alertStatus').optional().transform((value) => value ?? 'new'),
  category: optionalText,
  serviceSource: optionalEnumValue('serviceSource'),
  detectionSource: optionalEnumValue('detectionSource'),
  alertWebUrl: webUrl,
  firstActivity: dateTime,
  lastActivity: dateTime,
  createdDateTime: dateTime,
  lastUpdateDateTime: dateTime,
  devices: optionalList(nativeDeviceSchema).transform(uniqueDevices),
});

export const nativeIncidentSchema = z
  .strictObject({
    externalId,
    displayName: requiredText,
    severity: enumValue('severity'),
    status: enumValue('incidentStatus').optional().transform((value) => value ?? 'active'),
    classification: optionalEnumValue('classification'),
    determination: optionalEnumValue('determination'),
    assignedTo: optionalText,
    incidentWebUrl: portalUrl,
    sourceTenantId: optionalText,
    createdDateTime: dateTime,
    lastUpdateDateTime: dateTime,
    alerts: optionalList(nativeAlertSchema),
  })
  .transform(
    (incident): NormalizedIncident => ({
      ...incident,
      inferredFromAlerts: false,
      // The incident's version is the version of what it says about its alerts, unless an alert has its own.
      alerts: incident.alerts.map((alert) => ({ ...alert, lastUpdateDateTime: alert.lastUpdateDateTime ?? incident.lastUpdateDateTime })),
    }),
  );

export const nativeBatchSchema = z.strictObject({
  incidents: z.array(nativeIncidentSchema, { error: 'expected an array of incidents' }).min(1, 'expected at least one incident'),
});
