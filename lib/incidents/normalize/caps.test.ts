import { describe, expect, it } from 'vitest';
import { normalizePayload } from '@/lib/incidents/normalize/payload';
import { INGEST_CAPS } from '@/lib/incidents/limits';

// The caps on Microsoft's shapes (the native format is covered end to end in caps.integration.test.ts).

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const graphAlert = (id: string, incidentId: string, evidence: unknown[] = []) => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id,
  incidentId,
  title: 't',
  severity: 'low',
  status: 'new',
  evidence,
});
const device = (i: number) => ({ '@odata.type': '#microsoft.graph.security.deviceEvidence', deviceDnsName: `pc-${i}` });
const processEvidence = () => ({ '@odata.type': '#microsoft.graph.security.processEvidence' });

describe('item caps on Graph payloads', () => {
  it('counts only device evidence against devicesPerAlert', () => {
    const plenty = [...range(INGEST_CAPS.devicesPerAlert).map(device), ...range(500).map(processEvidence)];
    expect(normalizePayload(graphAlert('a', '1', plenty))).toMatchObject({ ok: true });
    const over = [...range(INGEST_CAPS.devicesPerAlert + 1).map(device)];
    expect(normalizePayload({ value: [graphAlert('a', '1'), graphAlert('b', '1', over)] })).toMatchObject({
      ok: false,
      tooMany: { cap: 'devicesPerAlert', path: 'value.1' },
    });
  });

  it('applies alertsPerIncident to alerts listed on their own once grouped by incident', () => {
    const alerts = (n: number) => range(n).map((i) => graphAlert(`a-${i}`, 'one'));
    expect(normalizePayload({ value: alerts(INGEST_CAPS.alertsPerIncident) })).toMatchObject({ ok: true });
    expect(normalizePayload({ value: alerts(INGEST_CAPS.alertsPerIncident + 1) })).toMatchObject({
      ok: false,
      tooMany: { cap: 'alertsPerIncident', path: 'incident one' },
    });
  });

  it('applies incidentsPerRequest to the incidents alerts name', () => {
    const alerts = (n: number) => range(n).map((i) => graphAlert(`a-${i}`, `incident-${i}`));
    expect(normalizePayload({ value: alerts(INGEST_CAPS.incidentsPerRequest) })).toMatchObject({ ok: true });
    const over = normalizePayload({ value: alerts(INGEST_CAPS.incidentsPerRequest + 1) });
    expect(over).toMatchObject({ ok: false, tooMany: { cap: 'incidentsPerRequest', limit: INGEST_CAPS.incidentsPerRequest } });
    expect(!over.ok && over.errors).toEqual([{ path: '', message: expect.stringContaining(`at most ${INGEST_CAPS.incidentsPerRequest} incidents`) }]);
  });

  it('applies alertsPerIncident to an incident\'s expanded alerts, before validating any', () => {
    const incident = { id: '7', displayName: 'x', severity: 'high', status: 'active', alerts: range(INGEST_CAPS.alertsPerIncident + 1).map(() => ({})) };
    expect(normalizePayload({ value: [incident] })).toMatchObject({ ok: false, tooMany: { cap: 'alertsPerIncident', path: 'value.0.alerts' } });
  });
});
