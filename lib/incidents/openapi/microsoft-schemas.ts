import { INGEST_CAPS } from '@/lib/incidents/limits';
import {
  dateTime,
  evolvableEnum,
  id,
  nullable,
  optionalId,
  optionalText,
  rbacGroupId,
  ref,
  text,
  url,
  type JsonSchema,
} from '@/lib/incidents/openapi/schema-helpers';

// Microsoft's published shapes, as far as we read them. Every other field is accepted and ignored
// (tags as `customTags` or `tags`, comments in either shape, evidence of other entity types, ...).

const tenant = {
  tenantId: optionalText('The sender\'s Microsoft Entra tenant. Stored for reference only: the integration key decides our tenant.'),
  aadTenantId: optionalText('Older name of `tenantId`.'),
};

export const microsoftSchemas: Record<string, JsonSchema> = {
  GraphDeviceEvidence: {
    type: 'object',
    description: 'An evidence item with `@odata.type` `#microsoft.graph.security.deviceEvidence`; other evidence types are ignored.',
    properties: {
      '@odata.type': { const: '#microsoft.graph.security.deviceEvidence' },
      deviceDnsName: optionalText('Device name shown in the email (else hostName, mdeDeviceId).'),
      hostName: optionalText('Host name.'),
      mdeDeviceId: optionalText('Defender for Endpoint device id.'),
      rbacGroupId,
      rbacGroupName: optionalText('Device group: matched by RBAC id first, then by name; an unknown group is registered.'),
    },
  },
  GraphAlert: {
    type: 'object',
    description:
      'Microsoft Graph security alert (alerts_v2). Standalone (one, or a list in `value`) it must carry `incidentId`: alerts are grouped into their incidents, whose other fields are inferred from the alerts and never overwrite what an incident payload said.',
    required: ['id', 'title', 'severity', 'status'],
    properties: {
      '@odata.type': { type: 'string', examples: ['#microsoft.graph.security.alert', '#microsoft.graph.alert_v2'] },
      id: id('Alert id.'),
      providerAlertId: optionalText('Ignored (null in some published payloads).'),
      incidentId: optionalId('Incident the alert belongs to. Required for standalone alerts.'),
      title: text('Alert title.'),
      severity: evolvableEnum('severity', 'Alert severity.'),
      status: evolvableEnum('alertStatus', 'Alert status.'),
      category: optionalText('Alert category.'),
      serviceSource: nullable(evolvableEnum('serviceSource', 'Service source.')),
      detectionSource: nullable(evolvableEnum('detectionSource', 'Detection source.')),
      alertWebUrl: url('Link to the alert.'),
      incidentWebUrl: url('Link to the incident; kept only on a Microsoft Defender portal host (see NativeIncident.incidentWebUrl).'),
      ...tenant,
      createdDateTime: dateTime('Created.'),
      lastUpdateDateTime: dateTime('Last updated.'),
      firstActivityDateTime: dateTime('First activity.'),
      lastActivityDateTime: dateTime('Last activity.'),
      evidence: {
        type: ['array', 'null'],
        description: `At most ${INGEST_CAPS.devicesPerAlert} device entries (deviceEvidence); other evidence is not counted.`,
        items: { anyOf: [ref('GraphDeviceEvidence'), { type: 'object' }] },
      },
    },
  },
  GraphIncident: {
    type: 'object',
    description:
      'Microsoft Graph security incident (v1.0, or the older `#microsoft.graph.incident`), with or without `$expand=alerts`. Its categories are the distinct categories of all its stored alerts.',
    required: ['id', 'displayName', 'severity', 'status'],
    properties: {
      '@odata.type': { type: 'string', examples: ['#microsoft.graph.security.incident', '#microsoft.graph.incident'] },
      id: id('Incident id.'),
      displayName: text('Incident name.'),
      severity: evolvableEnum('severity', 'Incident severity.'),
      status: evolvableEnum('incidentStatus', 'Incident status.'),
      classification: nullable(evolvableEnum('classification', 'Classification.')),
      determination: nullable(evolvableEnum('determination', 'Determination.')),
      assignedTo: optionalText('Owner.'),
      incidentWebUrl: url('Link to the incident (`/incidents/<id>` and `/incident2/<id>/overview` forms both kept as sent); kept only on a Microsoft Defender portal host (see NativeIncident.incidentWebUrl).'),
      ...tenant,
      createdDateTime: dateTime('Created.'),
      lastUpdateDateTime: dateTime('Last updated. An older version than the stored one does not overwrite the incident.'),
      alerts: { type: ['array', 'null'], maxItems: INGEST_CAPS.alertsPerIncident, items: ref('GraphAlert') },
    },
  },
  DefenderEndpointAlert: {
    type: 'object',
    description:
      'Defender for Endpoint API alert (legacy). Recognised by `alertCreationTime`, `firstEventTime`, `lastEventTime`, `machineId` or `computerDnsName`. Its service source is microsoftDefenderForEndpoint; detectionSource is mapped to Graph\'s names (WindowsDefenderAv -> antivirus, WindowsDefenderSmartScreen -> smartScreen, CustomerTI -> customTi, WindowsDefenderAtp -> microsoftDefenderForEndpoint, AutomatedInvestigation -> automatedInvestigation, ThreatExperts -> microsoftThreatExperts, CustomDetection -> customDetection, MTP -> microsoft365Defender, OfficeATP -> microsoftDefenderForOffice365, MCAS -> cloudAppSecurity, AzureATP -> microsoftDefenderForIdentity). Severity UnSpecified means unknown.',
    required: ['id', 'incidentId', 'title', 'severity', 'status'],
    properties: {
      id: id('Alert id.'),
      incidentId: id('Incident id (a number in this API).'),
      title: text('Alert title.'),
      severity: evolvableEnum('severity', 'Severity (PascalCase in this API).'),
      status: evolvableEnum('alertStatus', 'Status.'),
      category: optionalText('Category.'),
      detectionSource: optionalText('Detection source, in this API\'s names.'),
      alertCreationTime: dateTime('Created.'),
      firstEventTime: dateTime('First activity.'),
      lastEventTime: dateTime('Last activity.'),
      lastUpdateTime: dateTime('Last updated.'),
      machineId: optionalText('Device id.'),
      computerDnsName: optionalText('Device name.'),
      rbacGroupId,
      rbacGroupName: optionalText('Device group.'),
      ...tenant,
      machine: {
        description: 'Expanded machine; its fields take precedence over the alert\'s.',
        type: ['object', 'null'],
        properties: { id: optionalText('Device id.'), computerDnsName: optionalText('Device name.'), rbacGroupId, rbacGroupName: optionalText('Device group.') },
      },
    },
  },
  MicrosoftList: {
    type: 'object',
    description: 'A Graph or Defender for Endpoint list response. Items may be incidents or alerts (each recognised on its own); an empty list is accepted and changes nothing.',
    required: ['value'],
    properties: {
      '@odata.context': { type: 'string' },
      value: {
        type: 'array',
        maxItems: INGEST_CAPS.incidentsPerRequest + INGEST_CAPS.alertsPerRequest,
        description: `At most ${INGEST_CAPS.incidentsPerRequest} incidents and ${INGEST_CAPS.alertsPerRequest} alerts in all (listed alone or under their incidents).`,
        items: { anyOf: [ref('GraphIncident'), ref('GraphAlert'), ref('DefenderEndpointAlert')] },
      },
    },
  },
};
