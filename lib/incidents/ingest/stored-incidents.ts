import type { Tx } from '@/lib/db/client';
import type { Incident } from '@/lib/generated/prisma/client';
import type { NormalizedIncident } from '@/lib/incidents/types';

// The incidents a request names, as stored, read in one query rather than one per incident. The caller holds
// every one of their locks, so the rows stay true for the transaction, except where the request itself
// changes an incident other than the one being applied (an alert moving away from it rewrites its
// categories): such an incident is forgotten, and read again if the request applies it later.

export type StoredIncidents = {
  get(externalId: string): Promise<Incident | null>;
  forget(incidentId: string): void;
};

// `existing`: which of the request's incidents are stored (read with the locks); only those are loaded.
export async function loadStoredIncidents(
  tx: Tx,
  tenantId: string,
  incidents: readonly NormalizedIncident[],
  existing: ReadonlySet<string>,
): Promise<StoredIncidents> {
  const rows = existing.size > 0 ? await tx.incident.findMany({ where: { tenantId, externalId: { in: [...existing] } } }) : [];
  const byExternalId = new Map<string, Incident | null>(incidents.map((incident) => [incident.externalId, null]));
  for (const row of rows) byExternalId.set(row.externalId, row);
  return {
    async get(externalId) {
      if (byExternalId.has(externalId)) return byExternalId.get(externalId) ?? null;
      return tx.incident.findUnique({ where: { tenantId_externalId: { tenantId, externalId } } });
    },
    forget(incidentId) {
      for (const [externalId, row] of byExternalId) if (row?.id === incidentId) byExternalId.delete(externalId);
    },
  };
}
