import type { PayloadFormat } from '@/lib/incidents/types';

// Which accepted format one item of a payload is in, from its shape alone (no validation).

export type Item = Record<string, unknown>;
export const isObject = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

// Fields only the Defender for Endpoint API's alert has (Graph alerts say createdDateTime, evidence, ...).
const DEFENDER_ENDPOINT_MARKERS = ['alertCreationTime', 'firstEventTime', 'lastEventTime', 'machineId', 'computerDnsName'];


export function classifyItem(item: Item): PayloadFormat | null {
  const type = item['@odata.type'];
  if (typeof type === 'string') {
    if (/[.#]incident$/i.test(type)) return 'graphIncident';
    if (/[.#]alert(_v2)?$/i.test(type)) return 'graphAlert';
  }
  if ('externalId' in item) return 'native';
  if (DEFENDER_ENDPOINT_MARKERS.some((key) => key in item)) return 'defenderEndpointAlert';
  // Without a type annotation: an incident has a displayName, an alert a title. Recognising a payload
  // that lacks its id still lets the 422 say "id: required" rather than "unknown format".
  if ('incidentId' in item || ('title' in item && !('displayName' in item))) return 'graphAlert';
  if ('displayName' in item || ('id' in item && 'alerts' in item)) return 'graphIncident';
  return null;
}
