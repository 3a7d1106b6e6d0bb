import { describe, expect, it } from 'vitest';
import { SAMPLE_FILES, sampleJson } from '@/lib/incidents/fixtures/samples';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { categoriesOf } from '@/lib/incidents/ingest/alerts';
import type { NormalizedIncident, PayloadFormat } from '@/lib/incidents/types';

// Every published Microsoft payload, normalised to what we expect field by field. Written out by hand
// from the documents, so a regression in any normaliser shows up as a concrete wrong value.

const T_GRAPH = 'cfcdbe43-297b-4c6b-ac7e-8d7f6befb514';
const T_ALERTS = 'b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c';
const INCIDENT_29 = {
  externalId: '29',
  inferredFromAlerts: false,
  displayName: 'Multi-stage incident involving Execution & Command and control on one endpoint',
  severity: 'high',
  status: 'active',
  classification: 'truePositive',
  determination: 'multiStagedAttack',
  assignedTo: 'admin@contoso.com',
  incidentWebUrl: `https://security.microsoft.com/incident2/29/overview?tid=${T_GRAPH}`,
  sourceTenantId: T_GRAPH,
  createdDateTime: new Date('2026-01-22T12:09:23.143Z'),
  lastUpdateDateTime: new Date('2026-02-25T16:29:33.100Z'),
};
const INCIDENT_2972395 = {
  externalId: '2972395',
  inferredFromAlerts: false,
  displayName: 'Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources',
  // PascalCase in the 2022 document, camelCase in 2021: the same values either way.
  severity: 'medium',
  status: 'active',
  classification: 'truePositive',
  determination: 'multiStagedAttack',
  assignedTo: 'KaiC@contoso.onmicrosoft.com',
  incidentWebUrl: 'https://security.microsoft.com/incidents/2972395?tid=12f988bf-16f1-11af-11ab-1d7cd011db47',
  // `tenantId` in 2022, `aadTenantId` in 2021.
  sourceTenantId: T_ALERTS,
  createdDateTime: new Date('2021-08-13T08:43:35.553Z'),
  lastUpdateDateTime: new Date('2021-09-30T09:35:45.113Z'),
};
const UNASSIGNED_DEVICE = { name: 'yonif-lap3.middleeast.corp.microsoft.com', rbacGroupId: '75', rbacGroupName: 'UnassignedGroup' };
const HIDDEN_FILE_ALERT = {
  title: 'Suspicious execution of hidden file',
  severity: 'low',
  category: 'DefenseEvasion',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  firstActivity: new Date('2021-04-26T07:45:50.116Z'),
  lastActivity: new Date('2021-05-02T07:56:58.222Z'),
  createdDateTime: new Date('2021-04-27T12:19:27.721Z'),
};
const INFERRED_28282 = {
  externalId: '28282',
  inferredFromAlerts: true,
  displayName: 'Suspicious execution of hidden file',
  severity: 'low',
  status: 'active',
  classification: null,
  incidentWebUrl: `https://security.microsoft.com/incidents/28282?tid=${T_ALERTS}`,
  sourceTenantId: T_ALERTS,
};

type Expected = { format: PayloadFormat; incident: Partial<NormalizedIncident>; alerts: object[]; categories: string[] };

const EXPECTED: Record<string, Expected> = {
  'microsoft-graph/v1.0_get-incident.json': { format: 'graphIncident', incident: INCIDENT_29, alerts: [], categories: [] },
  'microsoft-graph/v1.0_list-incidents.json': { format: 'graphIncident', incident: INCIDENT_29, alerts: [], categories: [] },
  'microsoft-graph/v1.0_list-incidents_expand-alerts.json': {
    format: 'graphIncident',
    incident: INCIDENT_29,
    alerts: [{
      externalId: 'da09e47ccc-b74a-45bb-985f-8d6c077b70b6_1',
      title: 'A WMI event filter was bound to a suspicious event consumer',
      severity: 'medium',
      status: 'new',
      category: 'Persistence',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'microsoftDefenderForEndpoint',
      alertWebUrl: `https://security.microsoft.com/alerts/da09e47ccc-b74a-45bb-985f-8d6c077b70b6_1?tid=${T_GRAPH}`,
      // Numeric rbacGroupId 125 becomes text; user, ip and process evidence name no device.
      devices: [{ name: 'w11pro-test', rbacGroupId: '125', rbacGroupName: 'Clients' }],
    }],
    categories: ['Persistence'],
  },
  'microsoft-graph/v1.0_get-incident_legacy-2022.json': { format: 'graphIncident', incident: INCIDENT_2972395, alerts: [], categories: [] },
  'microsoft-graph/beta-2021_list-incidents_expand-alerts.json': {
    format: 'graphIncident',
    incident: INCIDENT_2972395,
    alerts: [{
      externalId: 'da637578995287051192_756343937', // providerAlertId is null here
      title: 'Horizontal port scan initiated from unmanaged  device',
      severity: 'medium',
      status: 'new',
      category: 'Discovery',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: null,
      devices: [],
    }],
    categories: ['Discovery'],
  },
  'microsoft-graph/v1.0_get-alert.json': {
    format: 'graphAlert',
    incident: INFERRED_28282,
    alerts: [{ externalId: 'da637578995287051192_756343937', status: 'new', ...HIDDEN_FILE_ALERT, devices: [UNASSIGNED_DEVICE] }],
    categories: ['DefenseEvasion'],
  },
  'microsoft-graph/v1.0_list-alerts_v2_example1.json': {
    format: 'graphAlert',
    incident: INFERRED_28282,
    alerts: [{ externalId: 'da637551227677560813_-961444813', status: 'new', ...HIDDEN_FILE_ALERT, devices: [UNASSIGNED_DEVICE] }],
    categories: ['DefenseEvasion'],
  },
  'microsoft-graph/v1.0_update-alert_response.json': {
    format: 'graphAlert',
    incident: INFERRED_28282,
    alerts: [{ externalId: 'da637551227677560813_-961444813', status: 'inProgress', ...HIDDEN_FILE_ALERT, devices: [] }],
    categories: ['DefenseEvasion'],
  },
  'microsoft-graph/v1.0_list-alerts_v2_example2_sentinel.json': {
    format: 'graphAlert',
    incident: { externalId: '33', inferredFromAlerts: true, displayName: 'Suspicious sign-in activity detected', severity: 'high', status: 'active' },
    alerts: [{
      externalId: 'da637878227677560813_-334257894',
      severity: 'high',
      category: 'CredentialAccess',
      serviceSource: 'microsoftSentinel',
      detectionSource: 'scheduledAlerts',
      devices: [],
    }],
    categories: ['CredentialAccess'],
  },
  'defender-endpoint/mde-api_get-alert.json': {
    format: 'defenderEndpointAlert',
    incident: {
      externalId: '1126093', // numeric in the payload
      inferredFromAlerts: true,
      displayName: 'Low-reputation arbitrary code executed by signed executable',
      severity: 'low',
      status: 'active',
      incidentWebUrl: null,
      sourceTenantId: 'a839b112-1253-6432-9bf6-94542403f21c',
      createdDateTime: new Date('2021-01-26T20:33:57.722Z'),
      lastUpdateDateTime: new Date('2021-01-26T20:33:59.200Z'),
    },
    alerts: [{
      externalId: 'da637472900382838869_1364969609',
      severity: 'low', // "Low"
      status: 'new', // "New"
      category: 'Execution',
      serviceSource: 'microsoftDefenderForEndpoint',
      detectionSource: 'microsoftDefenderForEndpoint', // "WindowsDefenderAtp"
      firstActivity: new Date('2021-01-26T20:31:32.956Z'),
      lastActivity: new Date('2021-01-26T20:31:33.057Z'),
      devices: [{ name: 'temp123.middleeast.corp.microsoft.com', rbacGroupId: null, rbacGroupName: 'A' }],
    }],
    categories: ['Execution'],
  },
};

describe('published Microsoft samples', () => {
  it('has an expectation for every sample file', () => {
    expect(SAMPLE_FILES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`normalises ${file}`, () => {
      const result = normalizePayload(sampleJson(file));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.format).toBe(expected.format);
      expect(result.incidents).toHaveLength(1);
      const [incident] = result.incidents;
      expect(incident).toMatchObject(expected.incident);
      expect(incident.alerts).toHaveLength(expected.alerts.length);
      expected.alerts.forEach((alert, index) => expect(incident.alerts[index]).toMatchObject(alert));
      expect(categoriesOf(incident.alerts)).toEqual(expected.categories);
    });
  }
});
