import { z } from 'zod';
import type { SourcedAlert } from '@/lib/incidents/normalize/sourced-alert';
import { graphEvidence } from '@/lib/incidents/normalize/evidence';
import {
  dateTime,
  enumValue,
  externalId,
  optionalEnumValue,
  optionalExternalId,
  optionalText,
  portalUrl,
  requiredText,
  webUrl,
} from '@/lib/incidents/normalize/fields';

// Microsoft Graph security alert (alerts_v2, `#microsoft.graph.security.alert`; the 2021 beta typed it
// `#microsoft.graph.alert_v2`). Standalone, or expanded inside an incident's `alerts`. Fields we do not
// use (comments, mitreTechniques, additionalData, systemTags, ...) are ignored, whatever their shape.
export const graphAlertSchema = z
  .object(
    {
      id: externalId,
      // Nullable in the published samples (2021 beta); we never key on it.
      providerAlertId: optionalText,
      incidentId: optionalExternalId,
      title: requiredText,
      severity: enumValue('severity'),
      status: enumValue('alertStatus'),
      category: optionalText,
      serviceSource: optionalEnumValue('serviceSource'),
      detectionSource: optionalEnumValue('detectionSource'),
      alertWebUrl: webUrl,
      incidentWebUrl: portalUrl,
      tenantId: optionalText,
      aadTenantId: optionalText,
      createdDateTime: dateTime,
      lastUpdateDateTime: dateTime,
      firstActivityDateTime: dateTime,
      lastActivityDateTime: dateTime,
      evidence: graphEvidence,
    },
    { error: (issue) => (issue.input === undefined ? 'required' : 'expected a Graph alert object') },
  )
  .transform(
    (alert): SourcedAlert => ({
      incidentExternalId: alert.incidentId,
      incidentWebUrl: alert.incidentWebUrl,
      sourceTenantId: alert.tenantId ?? alert.aadTenantId,
      lastUpdateDateTime: alert.lastUpdateDateTime,
      alert: {
        externalId: alert.id,
        title: alert.title,
        severity: alert.severity,
        status: alert.status,
        category: alert.category,
        serviceSource: alert.serviceSource,
        detectionSource: alert.detectionSource,
        alertWebUrl: alert.alertWebUrl,
        firstActivity: alert.firstActivityDateTime,
        lastActivity: alert.lastActivityDateTime,
        createdDateTime: alert.createdDateTime,
        lastUpdateDateTime: alert.lastUpdateDateTime,
        devices: alert.evidence,
      },
    }),
  );
