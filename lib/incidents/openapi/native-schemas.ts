import { INGEST_CAPS } from '@/lib/incidents/limits';
import {
  dateTime,
  evolvableEnum,
  id,
  nullable,
  optionalText,
  rbacGroupId,
  ref,
  text,
  url,
  type JsonSchema,
} from '@/lib/incidents/openapi/schema-helpers';

// The native format, documented in full. It mirrors lib/incidents/normalize/native.ts (a test checks
// that both name the same fields and agree on which are required).

export const nativeSchemas: Record<string, JsonSchema> = {
  NativeDevice: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: text('Device name shown in the email (e.g. its DNS name).'),
      rbacGroupId,
      rbacGroupName: optionalText(
        'Device group name. Matched to a known group by RBAC id first, then by name (case-insensitive); an unknown group is registered.',
      ),
    },
  },
  NativeAlert: {
    type: 'object',
    additionalProperties: false,
    required: ['externalId', 'title', 'severity'],
    properties: {
      externalId: id('The sender\'s alert id, unique within the tenant.'),
      title: text('Alert title.'),
      severity: evolvableEnum('severity', 'Alert severity.'),
      status: { ...evolvableEnum('alertStatus', 'Alert status; `new` when omitted.') },
      category: optionalText('Category, MITRE-style (Execution, Persistence, ...). The incident\'s categories are its alerts\'.'),
      serviceSource: nullable(evolvableEnum('serviceSource', 'The product that raised the alert, as Graph names it.')),
      detectionSource: nullable(evolvableEnum('detectionSource', 'The detection technology, as Graph names it.')),
      alertWebUrl: url('Link to the alert.'),
      firstActivity: dateTime('First activity.'),
      lastActivity: dateTime('Last activity.'),
      createdDateTime: dateTime('When the alert was created.'),
      lastUpdateDateTime: dateTime(
        'Last update of the alert; the incident\'s `lastUpdateDateTime` when omitted. Alert data older than the stored version is ignored (no change, no email).',
      ),
      devices: { description: 'Devices the alert concerns; their groups decide which rules apply.', type: ['array', 'null'], maxItems: INGEST_CAPS.devicesPerAlert, items: ref('NativeDevice') },
    },
  },
  NativeIncident: {
    type: 'object',
    additionalProperties: false,
    description:
      'One incident in our own format. Unknown fields are rejected (422), unlike in Microsoft\'s formats. An incident without alerts is stored; rules match alerts, so it notifies nobody until alerts arrive.',
    required: ['externalId', 'displayName', 'severity'],
    properties: {
      externalId: id('The sender\'s incident id, unique within the tenant. Re-sending it updates the incident.'),
      displayName: text('Incident name.'),
      severity: evolvableEnum('severity', 'Incident severity.'),
      status: evolvableEnum('incidentStatus', 'Incident status; `active` when omitted.'),
      classification: nullable(evolvableEnum('classification', 'Classification.')),
      determination: nullable(evolvableEnum('determination', 'Determination.')),
      assignedTo: optionalText('Owner of the incident.'),
      incidentWebUrl: url(
        'Link to the incident in the Microsoft Defender portal (security.microsoft.com, security.microsoft.us, security.apps.mil, security.microsoftonline.cn). A link to any other host is dropped: emails then link to the incident by its id in the Defender portal.',
      ),
      sourceTenantId: optionalText('The sender\'s tenant id. Stored for reference only: the integration key decides the tenant.'),
      createdDateTime: dateTime('When the incident was created.'),
      lastUpdateDateTime: dateTime('Last update. An older version than the stored one does not overwrite it.'),
      alerts: { description: 'The incident\'s alerts (all or some; alerts not listed are kept).', type: ['array', 'null'], maxItems: INGEST_CAPS.alertsPerIncident, items: ref('NativeAlert') },
    },
  },
  NativeBatch: {
    type: 'object',
    additionalProperties: false,
    required: ['incidents'],
    properties: { incidents: { type: 'array', minItems: 1, maxItems: INGEST_CAPS.incidentsPerRequest, items: ref('NativeIncident') } },
  },
};

export const nativeExample = {
  externalId: 'INC-2041',
  displayName: 'Ransomware activity on one endpoint',
  severity: 'high',
  status: 'active',
  incidentWebUrl: 'https://security.microsoft.com/incidents/2041',
  createdDateTime: '2026-05-05T08:30:00Z',
  lastUpdateDateTime: '2026-05-05T09:15:00Z',
  alerts: [
    {
      externalId: 'ALR-88120',
      title: 'File encryption burst',
      severity: 'high',
      status: 'new',
      category: 'Impact',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'customDetection',
      createdDateTime: '2026-05-05T08:29:10Z',
      devices: [{ name: 'fin-ws-017.contoso.local', rbacGroupId: '125', rbacGroupName: 'Clients' }],
    },
  ],
};
