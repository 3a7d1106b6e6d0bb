import type { IncidentListFilter } from '@/lib/validation/incident-list';

export const RECEIVED_PATH = '/settings/email-notifications/received';

export const incidentHref = (id: string) => `${RECEIVED_PATH}/${id}`;

const KEYS = ['severity', 'status', 'deviceGroupId', 'from', 'to', 'emailed', 'cursor'] as const;

// The list's address for a filter; empty filters are left out so links stay short and readable.
export function incidentListHref(filter: IncidentListFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${RECEIVED_PATH}?${query}` : RECEIVED_PATH;
}
