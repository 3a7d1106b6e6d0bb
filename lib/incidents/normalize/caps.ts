import type { NormalizedIncident } from '@/lib/incidents/types';
import { capExceeded, INGEST_CAPS, type CapExceeded } from '@/lib/incidents/limits';
import { classifyItem, isObject, type Item } from '@/lib/incidents/normalize/classify-item';

// The item caps of lib/incidents/limits.ts, checked on the parsed JSON before any validation: counting is one
// cheap pass, while validating 350,000 items would build 350,000 error messages. Alerts listed on their own
// are checked again per incident once grouped (normalizedCapExceeded).

type Path = readonly (string | number)[];
const dotted = (path: Path) => path.join('.');

// The items a payload lists, with where they sit: the same reading of the body as normalizePayload's.
function listedItems(json: Item): { items: readonly unknown[]; path: Path } {
  if ('value' in json && !('id' in json) && Array.isArray(json.value)) return { items: json.value, path: ['value'] };
  if ('incidents' in json && !('externalId' in json) && Array.isArray(json.incidents)) return { items: json.incidents, path: ['incidents'] };
  return { items: [json], path: [] };
}

const isDeviceEvidence = (entry: unknown) =>
  isObject(entry) && typeof entry['@odata.type'] === 'string' && /deviceEvidence$/i.test(entry['@odata.type']);

// A native alert's `devices`, or the device entries of a Graph alert's `evidence` (other evidence is ignored
// cheaply); a Defender for Endpoint alert names one device at most.
function deviceCount(alert: unknown): number {
  if (!isObject(alert)) return 0;
  if (Array.isArray(alert.devices)) return alert.devices.length;
  if (Array.isArray(alert.evidence)) return alert.evidence.filter(isDeviceEvidence).length;
  return 0;
}

function alertsCapExceeded(alerts: readonly unknown[], path: Path): CapExceeded | null {
  if (alerts.length > INGEST_CAPS.alertsPerIncident) return capExceeded('alertsPerIncident', dotted([...path, 'alerts']));
  const crowded = alerts.findIndex((alert) => deviceCount(alert) > INGEST_CAPS.devicesPerAlert);
  return crowded < 0 ? null : capExceeded('devicesPerAlert', dotted([...path, 'alerts', crowded]));
}

export function rawCapExceeded(json: Item): CapExceeded | null {
  const { items, path } = listedItems(json);
  let incidents = 0;
  let alerts = 0;
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const at = path.length ? [...path, index] : [];
    const kind = isObject(item) ? classifyItem(item) : null;
    if (kind === 'graphAlert' || kind === 'defenderEndpointAlert') {
      alerts++;
      if (deviceCount(item) > INGEST_CAPS.devicesPerAlert) return capExceeded('devicesPerAlert', dotted(at));
    } else {
      // Whatever is not an alert counts as an incident, unrecognisable items too: their errors cost as much.
      incidents++;
      const listed = isObject(item) && Array.isArray(item.alerts) ? item.alerts : [];
      alerts += listed.length;
      const nested = alertsCapExceeded(listed, at);
      if (nested) return nested;
    }
    if (incidents > INGEST_CAPS.incidentsPerRequest) return capExceeded('incidentsPerRequest', dotted(path));
    if (alerts > INGEST_CAPS.alertsPerRequest) return capExceeded('alertsPerRequest', dotted(path));
  }
  return null;
}

// After alerts are grouped into incidents: 2,000 alerts may name 2,000 incidents, or all one.
export function normalizedCapExceeded(incidents: readonly NormalizedIncident[]): CapExceeded | null {
  if (incidents.length > INGEST_CAPS.incidentsPerRequest) return capExceeded('incidentsPerRequest');
  const crowded = incidents.find((incident) => incident.alerts.length > INGEST_CAPS.alertsPerIncident);
  return crowded ? capExceeded('alertsPerIncident', `incident ${crowded.externalId}`) : null;
}
