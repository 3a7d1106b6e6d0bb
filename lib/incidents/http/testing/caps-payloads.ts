import { INGEST_CAPS, type IngestCap } from '@/lib/incidents/limits';
import type { Ids } from '@/lib/incidents/http/testing/base-documents';

// Payloads at one item cap of lib/incidents/limits.ts exactly, or one over it, in our format or in Microsoft's
// (alerts listed on their own are capped once grouped into incidents). Every other cap is kept far from.

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const graphAlert = (ids: Ids, id: string, incident: string, evidence: unknown[] = []) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id: `${ids.tag}-${id}`,
  incidentId: `${ids.tag}-${incident}`,
  title: `Alert ${id}`,
  severity: 'low',
  status: 'new',
  evidence,
});

const deviceEvidence = (name: string, rbacGroupName: string | null) => ({
  '@odata.type': '#microsoft.graph.security.deviceEvidence',
  deviceDnsName: name,
  rbacGroupId: null,
  rbacGroupName,
});

// Other evidence does not count against devicesPerAlert.
const userEvidence = { '@odata.type': '#microsoft.graph.security.userEvidence', userAccount: { accountName: 'x' } };

const nativeAlert = (ids: Ids, id: string, devices: unknown[] = []) => ({ externalId: `${ids.tag}-${id}`, title: `Alert ${id}`, severity: 'low', devices });
const nativeIncident = (ids: Ids, id: string, alerts: unknown[] = []) => ({
  externalId: `${ids.tag}-${id}`,
  displayName: `Incident ${id}`,
  severity: 'medium',
  alerts,
});

export function capsPayload(cap: IngestCap, over: boolean, shape: 'native' | 'graph', ids: Ids): unknown {
  const n = INGEST_CAPS[cap] + (over ? 1 : 0);
  const native = shape === 'native';
  switch (cap) {
    case 'incidentsPerRequest':
      return native
        ? { incidents: range(n).map((i) => nativeIncident(ids, `i${i}`)) }
        : { value: range(n).map((i) => ({ id: `${ids.tag}-i${i}`, displayName: `Incident ${i}`, severity: 'low', status: 'active' })) };
    case 'alertsPerRequest': {
      // Spread over incidents of at most alertsPerIncident alerts each.
      const per = INGEST_CAPS.alertsPerIncident;
      if (!native) return { value: range(n).map((i) => graphAlert(ids, `a${i}`, `i${Math.floor(i / per)}`)) };
      const incidents = range(Math.ceil(n / per)).map((k) =>
        nativeIncident(ids, `i${k}`, range(Math.min(per, n - k * per)).map((i) => nativeAlert(ids, `a${k * per + i}`))),
      );
      return { incidents };
    }
    case 'alertsPerIncident':
      return native
        ? nativeIncident(ids, 'i0', range(n).map((i) => nativeAlert(ids, `a${i}`)))
        : { value: range(n).map((i) => graphAlert(ids, `a${i}`, 'i0')) };
    case 'devicesPerAlert':
      return native
        ? nativeIncident(ids, 'i0', [nativeAlert(ids, 'a0', range(n).map((i) => ({ name: `pc-${i}`, rbacGroupName: 'Clients' })))])
        : graphAlert(ids, 'a0', 'i0', [userEvidence, ...range(n).map((i) => deviceEvidence(`pc-${i}`, 'Clients')), userEvidence]);
    case 'newDeviceGroupsPerRequest': {
      // Names no request has used: each group is new to the tenant.
      const group = (i: number) => `${ids.tag} group ${i}`;
      return native
        ? nativeIncident(ids, 'i0', [nativeAlert(ids, 'a0', range(n).map((i) => ({ name: `pc-${i}`, rbacGroupName: group(i) })))])
        : graphAlert(ids, 'a0', 'i0', range(n).map((i) => deviceEvidence(`pc-${i}`, group(i))));
    }
  }
}
