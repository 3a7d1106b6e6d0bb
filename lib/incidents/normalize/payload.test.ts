import { describe, expect, it } from 'vitest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import type { NormalizeResult } from '@/lib/incidents/types';

const graphIncident = (overrides: Record<string, unknown> = {}) => ({
  id: '7',
  displayName: 'Incident 7',
  severity: 'high',
  status: 'active',
  ...overrides,
});
const graphAlert = (overrides: Record<string, unknown> = {}) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id: 'a-1',
  incidentId: '7',
  title: 'Alert 1',
  severity: 'medium',
  status: 'new',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  ...overrides,
});

function ok(result: NormalizeResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}
function errors(result: NormalizeResult) {
  if (result.ok) throw new Error('expected invalid fields');
  return result.errors;
}

describe('normalizePayload: invalid payloads name every invalid field', () => {
  it('reports missing id, wrong types and unparseable dates with their paths', () => {
    const result = normalizePayload({
      value: [
        { displayName: 'x', severity: 'high', status: 'active', alerts: [] },
        graphIncident({ severity: 3, createdDateTime: 'yesterday', lastUpdateDateTime: '2026-02-30T00:00:00Z' }),
        graphIncident({ alerts: [graphAlert({ id: null, title: ['t'], evidence: [{ '@odata.type': '#microsoft.graph.security.deviceEvidence', rbacGroupId: { id: 1 } }] })] }),
      ],
    });
    expect(errors(result)).toEqual([
      { path: 'value.0.id', message: 'required' },
      { path: 'value.1.severity', message: 'expected a string' },
      { path: 'value.1.createdDateTime', message: expect.stringContaining('ISO 8601') },
      { path: 'value.1.lastUpdateDateTime', message: expect.stringContaining('ISO 8601') },
      { path: 'value.2.alerts.0.id', message: expect.stringContaining('id') },
      { path: 'value.2.alerts.0.title', message: 'expected a string' },
      { path: 'value.2.alerts.0.evidence.0.rbacGroupId', message: expect.stringContaining('RBAC group id') },
    ]);
  });

  it('says what a payload is when it matches no accepted format', () => {
    expect(errors(normalizePayload({ hello: 'world' }))).toEqual([{ path: '', message: expect.stringContaining('matches no accepted format') }]);
    expect(errors(normalizePayload([graphIncident()]))).toEqual([{ path: '', message: expect.stringContaining('expected a JSON object') }]);
    expect(errors(normalizePayload('text'))[0].path).toBe('');
    expect(errors(normalizePayload({ value: [graphIncident(), { foo: 1 }, 3] }))).toEqual([
      { path: 'value.1', message: expect.stringContaining('matches no accepted format') },
      { path: 'value.2', message: 'expected an object' },
    ]);
    expect(errors(normalizePayload({ value: 'x' }))).toEqual([{ path: 'value', message: 'expected an array' }]);
  });

  it('requires incidentId on a standalone alert, and rejects unsafe links', () => {
    expect(errors(normalizePayload(graphAlert({ incidentId: null })))).toEqual([
      { path: 'incidentId', message: expect.stringContaining('grouped into incidents') },
    ]);
    expect(errors(normalizePayload(graphIncident({ incidentWebUrl: 'javascript:alert(1)' })))).toEqual([
      { path: 'incidentWebUrl', message: 'expected an absolute http(s) URL' },
    ]);
  });

  it('is strict about the native format: unknown fields and missing required ones', () => {
    const result = normalizePayload({
      externalId: 'n-1',
      severty: 'high',
      displayName: 'd',
      alerts: [{ externalId: 'a', title: 't', severity: 'low', devices: [{ name: '', colour: 'red' }] }],
    });
    expect(errors(result)).toEqual(
      expect.arrayContaining([
        { path: 'severity', message: 'required' },
        { path: 'severty', message: 'unknown field' },
        { path: 'alerts.0.devices.0.name', message: 'expected a non-empty device name' },
        { path: 'alerts.0.devices.0.colour', message: 'unknown field' },
      ]),
    );
    expect(errors(normalizePayload({ incidents: [] }))).toEqual([{ path: 'incidents', message: 'expected at least one incident' }]);
  });

  // Found by the hostile-bodies drill: the 422 echoed each unknown key whole, so 100 keys of 10,000 characters
  // came back as a 1 MB answer.
  it('names an unknown field by the first 64 characters of a longer key', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(10_000, 'k'));
    const found = errors(normalizePayload({ externalId: 'n-1', displayName: 'd', severity: 'high', ...Object.fromEntries(keys.map((k) => [k, 1])) }));
    expect(found).toHaveLength(100);
    expect(found[0]).toEqual({ path: `${keys[0].slice(0, 64)}…`, message: 'unknown field' });
    expect(JSON.stringify(found).length).toBeLessThan(100 * 120);
    // Never through a surrogate pair.
    const emoji = errors(normalizePayload({ externalId: 'n-1', displayName: 'd', severity: 'high', [`${'k'.repeat(63)}🔥🔥`]: 1 }));
    expect(emoji).toEqual([{ path: `${'k'.repeat(63)}…`, message: 'unknown field' }]);
    expect(errors(normalizePayload({ incidents: [{ externalId: 'n', displayName: 'd', severity: 'high', ['x'.repeat(64)]: 1 }] })))
      .toEqual([{ path: `incidents.0.${'x'.repeat(64)}`, message: 'unknown field' }]);
  });

  // Found by the drill too: the key "" came back as the path "", which names the whole body.
  it('names an unknown field with the empty key as ""', () => {
    expect(errors(normalizePayload({ externalId: 'n-1', displayName: 'd', severity: 'high', '': 1 }))).toEqual([{ path: '""', message: 'unknown field' }]);
    expect(errors(normalizePayload({ incidents: [{ externalId: 'n', displayName: 'd', severity: 'high' }], '': {} }))).toEqual([
      { path: '""', message: 'unknown field' },
    ]);
  });
});

describe('normalizePayload: quirks of real senders', () => {
  it('canonicalises enum casing and keeps unknown future values', () => {
    const [incident] = ok(
      normalizePayload(
        graphIncident({
          severity: 'HIGH',
          status: 'InProgress',
          classification: 'TruePositive',
          determination: 'SomethingNew',
          alerts: [graphAlert({ severity: 'Informational', status: 'INPROGRESS', serviceSource: 'microsoftQuantumDefender', detectionSource: 'CustomTi' })],
        }),
      ),
    ).incidents;
    expect(incident).toMatchObject({ severity: 'high', status: 'inProgress', classification: 'truePositive', determination: 'somethingNew' });
    expect(incident.alerts[0]).toMatchObject({
      severity: 'informational',
      status: 'inProgress',
      serviceSource: 'microsoftQuantumDefender',
      detectionSource: 'customTi',
    });
  });

  it('maps every legacy Defender for Endpoint detection source', () => {
    const mapping = {
      WindowsDefenderAv: 'antivirus',
      WindowsDefenderSmartScreen: 'smartScreen',
      CustomerTI: 'customTi',
      WindowsDefenderAtp: 'microsoftDefenderForEndpoint',
      AutomatedInvestigation: 'automatedInvestigation',
      ThreatExperts: 'microsoftThreatExperts',
      CustomDetection: 'customDetection',
      MTP: 'microsoft365Defender',
      OfficeATP: 'microsoftDefenderForOffice365',
      SomethingNewer: 'somethingNewer',
    };
    const value = Object.keys(mapping).map((source, index) => ({
      id: `mde-${index}`, incidentId: 900 + index, title: 't', severity: 'UnSpecified', status: 'New', detectionSource: source,
      alertCreationTime: '2021-01-26T20:33:57.7220239Z', machineId: 'm', computerDnsName: 'host.contoso.com', rbacGroupId: 12,
    }));
    const result = ok(normalizePayload({ value }));
    expect(result.format).toBe('defenderEndpointAlert');
    expect(result.incidents.map((incident) => incident.alerts[0].detectionSource)).toEqual(Object.values(mapping));
    expect(result.incidents[0].alerts[0]).toMatchObject({
      severity: 'unknown',
      serviceSource: 'microsoftDefenderForEndpoint',
      devices: [{ name: 'host.contoso.com', rbacGroupId: '12', rbacGroupName: null }],
    });
  });

  it('groups a list of alerts into their incidents, inferring the incident from them', () => {
    const result = ok(
      normalizePayload({
        value: [
          graphAlert({ id: 'a-1', incidentId: 7, severity: 'low', createdDateTime: '2026-01-02T00:00:00Z', title: 'Second' }),
          graphAlert({ id: 'a-2', incidentId: '7', severity: 'high', createdDateTime: '2026-01-01T00:00:00Z', title: 'First' }),
          graphAlert({ id: 'a-3', incidentId: '8', status: 'resolved', aadTenantId: 'aad-tenant' }),
          graphAlert({ id: 'a-3', incidentId: '8', status: 'resolved', title: 'Repeated', aadTenantId: 'aad-tenant' }),
        ],
      }),
    );
    expect(result.incidents.map((incident) => incident.externalId)).toEqual(['7', '8']);
    expect(result.incidents[0]).toMatchObject({ inferredFromAlerts: true, displayName: 'First', severity: 'high', status: 'active' });
    expect(result.incidents[0].alerts.map((alert) => alert.externalId)).toEqual(['a-1', 'a-2']);
    // A repeated alert is kept once, as last listed; all alerts resolved means a resolved incident.
    expect(result.incidents[1]).toMatchObject({ status: 'resolved', sourceTenantId: 'aad-tenant' });
    expect(result.incidents[1].alerts.map((alert) => alert.title)).toEqual(['Repeated']);
  });

  it('lets a real incident win over one inferred from alerts in the same payload', () => {
    const result = ok(normalizePayload({ value: [graphAlert({ id: 'a-9', severity: 'low' }), graphIncident({ severity: 'medium' })] }));
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]).toMatchObject({ inferredFromAlerts: false, severity: 'medium', displayName: 'Incident 7' });
    expect(result.incidents[0].alerts.map((alert) => alert.externalId)).toEqual(['a-9']);
  });

  it('keeps U+FFFD, drops NUL characters, reads numeric ids and odd date forms', () => {
    const [incident] = ok(
      normalizePayload(
        graphIncident({
          id: 42,
          displayName: 'Block at the organization\uFFFDs perimeter\u0000',
          createdDateTime: '2026-01-22T12:09:23.1433333+02:00',
          lastUpdateDateTime: '2026-01-22T12:09',
          comments: [{ comment: 'x', createdByDisplayName: 'A', createdDateTime: 'not checked' }],
          tags: 'not checked either',
        }),
      ),
    ).incidents;
    expect(incident.externalId).toBe('42');
    expect(incident.displayName).toBe('Block at the organization\uFFFDs perimeter');
    expect(incident.createdDateTime?.toISOString()).toBe('2026-01-22T10:09:23.143Z');
    expect(incident.lastUpdateDateTime?.toISOString()).toBe('2026-01-22T12:09:00.000Z');
  });

  it('accepts an empty list page and a native batch', () => {
    expect(normalizePayload({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2', value: [] })).toEqual({
      ok: true,
      format: 'graphAlert',
      incidents: [],
    });
    const batch = ok(normalizePayload({ incidents: [{ externalId: 'n-1', displayName: 'd', severity: 'Low' }] }));
    expect(batch.format).toBe('native');
    expect(batch.incidents[0]).toMatchObject({ externalId: 'n-1', severity: 'low', status: 'active', alerts: [], inferredFromAlerts: false });
  });
});

describe('normalizePayload: incident links', () => {
  const link = (incidentWebUrl: string) => ok(normalizePayload(graphIncident({ incidentWebUrl }))).incidents[0].incidentWebUrl;

  it('keeps a Defender portal link of any cloud', () => {
    expect(link('https://security.microsoft.com/incidents/7?tid=t')).toBe('https://security.microsoft.com/incidents/7?tid=t');
    expect(link('https://security.microsoft.us/incident2/7/overview')).toBe('https://security.microsoft.us/incident2/7/overview');
    expect(link('https://security.apps.mil/incidents/7')).toBe('https://security.apps.mil/incidents/7');
    expect(link('https://security.microsoftonline.cn/incidents/7')).toBe('https://security.microsoftonline.cn/incidents/7');
  });

  it('drops a link to any other host, keeping the incident', () => {
    expect(link('https://evil.example/incidents/7')).toBeNull();
    expect(link('https://security.microsoft.com.evil.example/incidents/7')).toBeNull();
    expect(link('http://security.microsoft.com/incidents/7')).toBeNull();
    const alertOnly = ok(normalizePayload(graphAlert({ incidentWebUrl: 'https://evil.example/7' })));
    expect(alertOnly.incidents[0].incidentWebUrl).toBeNull();
    const native = ok(normalizePayload({ externalId: 'n', displayName: 'n', severity: 'low', incidentWebUrl: 'https://soc.example.com/n' }));
    expect(native.incidents[0].incidentWebUrl).toBeNull();
  });

  it('still refuses what is not an http(s) URL', () => {
    expect(errors(normalizePayload(graphIncident({ incidentWebUrl: 'javascript:alert(1)' })))).toEqual([
      { path: 'incidentWebUrl', message: 'expected an absolute http(s) URL' },
    ]);
  });
});
