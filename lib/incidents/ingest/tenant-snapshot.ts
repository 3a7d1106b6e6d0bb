import type { Tx } from '@/lib/db/client';
import { accessOfRecipients } from '@/lib/auth/load-access';
import type { MatchingInput } from '@/lib/notifications/queue';
import type { MatchRule } from '@/lib/rules/match';

// What every ingest of a tenant reads but admins rarely change: its device groups, its rules (the disabled
// ones too, so an event's decision record can say a rule was off) with
// their groups, sources and recipients, and what each recipient may view. Loading them per request was
// most of an ingest's cost; a process keeps them here instead, tagged with the tenant's MatchingVersion.
// Database triggers move that version in the same transaction as any change to those tables (migration
// 20261203061448_matching_version), and ingest reads it under its incident locks: when it still equals the
// tag, the copy is what the transaction would have read itself. Changes made by any process (another
// replica, the tenant CLI, psql) count at once, with no message between processes.

export type KnownGroup = { id: string; nameKey: string; rbacGroupId: string | null };

export type TenantSnapshot = { version: bigint; groups: readonly KnownGroup[]; matching: MatchingInput };

// Enough for every tenant of a large installation; beyond it the least recently used copy is dropped.
const MAX_TENANTS = 500;
const snapshots = new Map<string, TenantSnapshot>();

// `version` is what the caller's transaction read from MatchingVersion (0 when the tenant has no row yet).
// The rows are read after that version, so they are at least as new as it: a copy is never older than its tag.
export async function tenantSnapshot(tx: Tx, tenantId: string, version: bigint): Promise<TenantSnapshot> {
  const cached = snapshots.get(tenantId);
  if (cached && cached.version === version) {
    // Map order is insertion order: re-inserting marks it as recently used.
    snapshots.delete(tenantId);
    snapshots.set(tenantId, cached);
    return cached;
  }
  const snapshot = { version, ...(await loadSnapshot(tx, tenantId)) };
  snapshots.delete(tenantId);
  snapshots.set(tenantId, snapshot);
  if (snapshots.size > MAX_TENANTS) snapshots.delete(snapshots.keys().next().value!);
  return snapshot;
}

async function loadSnapshot(tx: Tx, tenantId: string): Promise<Omit<TenantSnapshot, 'version'>> {
  const groups = await loadKnownGroups(tx, tenantId);
  const rules = await loadMatchRules(tx, tenantId);
  const emails = rules.flatMap((rule) => rule.recipients.map((recipient) => recipient.email));
  const access = await accessOfRecipients(tx, tenantId, emails);
  const recipientScopes = new Map([...access].map(([email, userAccess]) => [email, userAccess.scopes.viewIncidents]));
  return { groups, matching: { rules, recipientScopes } };
}

export function loadKnownGroups(tx: Tx, tenantId: string): Promise<KnownGroup[]> {
  return tx.deviceGroup.findMany({ where: { tenantId }, select: { id: true, nameKey: true, rbacGroupId: true } });
}

async function loadMatchRules(tx: Tx, tenantId: string): Promise<MatchRule[]> {
  const rows = await tx.notificationRule.findMany({
    where: { tenantId },
    select: {
      id: true,
      name: true,
      enabled: true,
      severities: true,
      allDeviceGroups: true,
      allSources: true,
      oneNotificationPerIncident: true,
      includeOrganizationName: true,
      includeTenantPortalLink: true,
      coalesceMinutes: true,
      coalesceBypassHigh: true,
      deviceGroups: { select: { deviceGroupId: true } },
      sourceFilters: { select: { serviceSource: true, detectionSource: true, severities: true } },
      recipients: { select: { email: true, language: true, addedAt: true } },
    },
  });
  return rows.map(({ deviceGroups, sourceFilters, ...rule }) => ({
    ...rule,
    deviceGroupIds: deviceGroups.map((link) => link.deviceGroupId),
    sources: sourceFilters,
  }));
}

// Tests that change rows behind the triggers' back (none should) can start afresh.
export function forgetTenantSnapshots(): void {
  snapshots.clear();
}
