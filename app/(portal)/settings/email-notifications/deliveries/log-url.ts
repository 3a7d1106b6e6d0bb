import type { DeliveryLogFilter } from '@/lib/validation/delivery-log';

export const DELIVERIES_PATH = '/settings/email-notifications/deliveries';

// The log's address for a filter; empty filters are left out so links stay short and readable.
export function deliveryLogHref(filter: DeliveryLogFilter): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'ruleId', 'silenceId', 'delivery', 'incident', 'recipient', 'cursor'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${DELIVERIES_PATH}?${query}` : DELIVERIES_PATH;
}
