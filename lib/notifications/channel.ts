// The dispatchers LISTEN on this channel (listen.ts); whoever queues work that is due sends a NOTIFY on it
// in the same transaction, delivered only once that transaction commits.
export const DELIVERIES_DUE_CHANNEL = 'deliveries_due';
