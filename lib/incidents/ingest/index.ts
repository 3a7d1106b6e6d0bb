import { db, type Db, type Tx } from '@/lib/db/client';
import type { NormalizedIncident } from '@/lib/incidents/types';
import { applyIncident, type IncidentOutcome } from '@/lib/incidents/ingest/apply-incident';
import { resolveDeviceGroups } from '@/lib/incidents/ingest/device-groups';
import { ingestNewIncidents } from '@/lib/incidents/ingest/new-incidents';
import { loadStoredIncidents } from '@/lib/incidents/ingest/stored-incidents';
import { tenantSnapshot } from '@/lib/incidents/ingest/tenant-snapshot';
import { isWriteConflict } from '@/lib/incidents/transient-error';

// Stores normalised incidents for a tenant: incidents, alerts, device groups met for the first time, the
// events worth an email and their queued deliveries, all or nothing: in one statement when everything is
// new (new-incidents.ts), otherwise in one transaction under the incidents' locks. The tenant is the one the
// integration key belongs to; nothing in the payload chooses it.

export type IngestSummary = {
  incidentsAccepted: number;
  eventsCreated: number;
  deliveriesQueued: number;
  incidents: { externalId: string; id: string; event: 'created' | 'updated' | null }[];
};

export async function ingestIncidents(
  tenantId: string,
  incidents: readonly NormalizedIncident[],
  receivedAt: Date,
  options: { client?: Db } = {},
): Promise<IngestSummary> {
  if (incidents.length === 0) return summarize([]);
  const client = options.client ?? db();
  const created = await ingestNewIncidents(client, tenantId, incidents, receivedAt);
  if (created) return summarize(created);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcomes = await client.$transaction((tx) => ingestInTransaction(tx, tenantId, incidents, receivedAt), {
        // Waiting on another request's lock on the same incident counts against the timeout.
        maxWait: 10_000,
        timeout: 30_000,
      });
      return summarize(outcomes);
    } catch (error) {
      // A concurrent request won a race on a unique key (an alert moving between incidents) or a
      // deadlock: everything was rolled back, and one more attempt sees the winner's rows.
      if (attempt < 2 && isWriteConflict(error)) continue;
      throw error;
    }
  }
}

async function ingestInTransaction(
  tx: Tx,
  tenantId: string,
  incidents: readonly NormalizedIncident[],
  receivedAt: Date,
): Promise<IncidentOutcome[]> {
  // One lock per (tenant, incident), taken in a fixed order so two multi-incident requests cannot
  // deadlock. It covers incidents that do not exist yet, which a row lock cannot: two concurrent POSTs
  // of one incident are applied one after the other, and the second sees the first's rows.
  // One statement for all of them: unnest yields the sorted array in its order (WITH ORDINALITY pins it).
  const keys = [...new Set(incidents.map((incident) => `incident:${tenantId}:${incident.externalId}`))].sort();
  // With the locks come the tenant's MatchingVersion, which says whether this process's copy of its rules
  // and groups is current (tenant-snapshot.ts), and which of the request's incidents and alerts are stored
  // already: for a request of new ones (the usual case) nothing more is read.
  const alertIds = [...new Set(incidents.flatMap((incident) => incident.alerts.map((alert) => alert.externalId)))];
  const [found] = await tx.$queryRaw<{ version: bigint; incidents: string[]; alerts: string[] }[]>`
    WITH locks AS (
      SELECT pg_advisory_xact_lock(hashtextextended(key, 0))
      FROM unnest(${keys}::text[]) WITH ORDINALITY AS locks(key, position)
      ORDER BY position
    )
    SELECT (SELECT count(*) FROM locks) AS locked,
      COALESCE((SELECT "version" FROM "MatchingVersion" WHERE "tenantId" = ${tenantId}::uuid), 0) AS version,
      ARRAY(SELECT "externalId" FROM "Incident" WHERE "tenantId" = ${tenantId}::uuid AND "externalId" = ANY(${incidents.map((incident) => incident.externalId)}::text[])) AS incidents,
      ARRAY(SELECT "externalId" FROM "Alert" WHERE "tenantId" = ${tenantId}::uuid AND "externalId" = ANY(${alertIds}::text[])) AS alerts`;
  const snapshot = await tenantSnapshot(tx, tenantId, found.version);

  const resolveGroup = await resolveDeviceGroups(tx, tenantId, incidents, snapshot.groups);
  const storedIncidents = await loadStoredIncidents(tx, tenantId, incidents, new Set(found.incidents));
  const storedAlertIds = new Set(found.alerts);
  const ctx = { tx, tenantId, receivedAt, resolveGroup, storedIncidents, storedAlertIds, matching: snapshot.matching };

  const outcomes: IncidentOutcome[] = [];
  for (const incident of incidents) outcomes.push(await applyIncident(ctx, incident));
  return outcomes;
}

function summarize(outcomes: readonly IncidentOutcome[]): IngestSummary {
  return {
    incidentsAccepted: outcomes.length,
    eventsCreated: outcomes.filter((outcome) => outcome.event !== null).length,
    deliveriesQueued: outcomes.reduce((sum, outcome) => sum + outcome.deliveriesQueued, 0),
    incidents: outcomes.map(({ externalId, id, event }) => ({ externalId, id, event })),
  };
}
