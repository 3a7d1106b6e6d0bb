import { SAMPLE_FILES, sampleJson } from '@/lib/incidents/fixtures/samples';
import { at, slotsOf } from '@/lib/incidents/http/testing/payload-model';

// The valid documents the hostile-bodies drill mutates: Microsoft's samples and native payloads, with ids
// unique to each request.

// Ids unique to one request: accepted bodies create their own incidents, and new device groups are new.
export type Ids = { tag: string; serial: number };

const tagged = (value: unknown, ids: Ids) =>
  typeof value === 'number' ? ids.serial * 10_000_000 + (value % 10_000_000) : typeof value === 'string' ? `${ids.tag}-${value}` : value;

// A copy of a sample whose incident and alert ids (and alerts' incidentId) are the request's own.
function retagged(document: unknown, ids: Ids): unknown {
  const copy = structuredClone(document);
  for (const slot of slotsOf(copy)) {
    const item = at(copy, slot.path) as Record<string, unknown>;
    for (const field of ['id', 'externalId', 'incidentId']) {
      if (field in item && ['graphIncident', 'graphAlert', 'mdeAlert', 'nativeIncident', 'nativeAlert'].includes(slot.kind)) {
        item[field] = tagged(item[field], ids);
      }
    }
  }
  return copy;
}

const nativeAlert = (ids: Ids, n: number, devices: unknown[] = []) => ({
  externalId: `${ids.tag}-a${n}`, title: `Alert ${n}`, severity: 'low', status: 'new', category: 'Execution',
  serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', alertWebUrl: 'https://security.microsoft.com/alerts/1',
  firstActivity: '2026-01-22T12:08:16Z', lastActivity: '2026-01-22T13:36:33Z', createdDateTime: '2026-01-22T12:09:22Z',
  lastUpdateDateTime: '2026-02-25T16:29:33Z', devices,
});

const nativeIncident = (ids: Ids, n: number) => ({
  externalId: `${ids.tag}-i${n}`, displayName: `Incident ${n}`, severity: 'medium', status: 'active', classification: null,
  determination: null, assignedTo: 'soc@contoso.com', incidentWebUrl: `https://security.microsoft.com/incidents/${n}`,
  sourceTenantId: 'cfcdbe43-297b-4c6b-ac7e-8d7f6befb514', createdDateTime: '2026-01-22T12:09:23Z', lastUpdateDateTime: '2026-02-25T16:29:33Z',
  alerts: [
    nativeAlert(ids, n * 10, [
      { name: 'w11pro-test', rbacGroupId: '100', rbacGroupName: 'Clients' },
      { name: `${ids.tag}-pc`, rbacGroupId: null, rbacGroupName: `${ids.tag} group` },
    ]),
    nativeAlert(ids, n * 10 + 1),
  ],
});

const withMachine = (ids: Ids) => ({
  ...(retagged(sampleJson('defender-endpoint/mde-api_get-alert.json'), ids) as object),
  machine: { id: 'machine-1', computerDnsName: `${ids.tag}.contoso.local`, rbacGroupId: 7, rbacGroupName: `${ids.tag} machines` },
});

export const BASES: Record<string, (ids: Ids) => unknown> = {
  ...Object.fromEntries(SAMPLE_FILES.map((file) => [`sample:${file}`, (ids: Ids) => retagged(sampleJson(file), ids)])),
  'mde:machine': withMachine,
  'mde:page': (ids) => ({ value: [withMachine(ids), { ...withMachine(ids), id: `${ids.tag}-second` }] }),
  'mixed:page': (ids) => ({
    value: [
      retagged(sampleJson('microsoft-graph/v1.0_get-alert.json'), ids),
      retagged(sampleJson('defender-endpoint/mde-api_get-alert.json'), ids),
    ],
  }),
  'native:incident': (ids) => nativeIncident(ids, 1),
  'native:batch': (ids) => ({ incidents: [nativeIncident(ids, 1), nativeIncident(ids, 2)] }),
};
export const BASE_NAMES = Object.keys(BASES);
