import { z } from 'zod';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { graphAlertSchema } from '@/lib/incidents/normalize/graph-alert';
import {
  dateTime,
  enumValue,
  externalId,
  optionalEnumValue,
  optionalList,
  optionalText,
  requiredText,
  portalUrl,
} from '@/lib/incidents/normalize/fields';

// Microsoft Graph security incident (v1.0 `security/incidents`, and the 2021/2022 `#microsoft.graph.incident`
// shape), with or without `$expand=alerts`. Tags (`customTags` or the older `tags`), comments (either
// shape) and the other descriptive fields are not stored, so they are accepted in any shape.
export const graphIncidentSchema = z
  .object(
    {
      id: externalId,
      displayName: requiredText,
      severity: enumValue('severity'),
      status: enumValue('incidentStatus'),
      classification: optionalEnumValue('classification'),
      determination: optionalEnumValue('determination'),
      assignedTo: optionalText,
      // Two published forms, both kept as sent: /incidents/<id>?tid=... and /incident2/<id>/overview?tid=...
      incidentWebUrl: portalUrl,
      tenantId: optionalText,
      aadTenantId: optionalText,
      createdDateTime: dateTime,
      lastUpdateDateTime: dateTime,
      alerts: optionalList(graphAlertSchema),
    },
    { error: (issue) => (issue.input === undefined ? 'required' : 'expected a Graph incident object') },
  )
  .transform(
    (incident): NormalizedIncident => ({
      externalId: incident.id,
      inferredFromAlerts: false,
      displayName: incident.displayName,
      severity: incident.severity,
      status: incident.status,
      classification: incident.classification,
      determination: incident.determination,
      assignedTo: incident.assignedTo,
      incidentWebUrl: incident.incidentWebUrl ?? incident.alerts.find((a) => a.incidentWebUrl)?.incidentWebUrl ?? null,
      sourceTenantId: incident.tenantId ?? incident.aadTenantId,
      createdDateTime: incident.createdDateTime,
      lastUpdateDateTime: incident.lastUpdateDateTime,
      // An expanded alert belongs to the incident it is listed under, whatever its own incidentId says.
      alerts: incident.alerts.map((sourced) => sourced.alert),
    }),
  );
