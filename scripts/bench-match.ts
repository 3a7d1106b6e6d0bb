// Matching throughput: how long planDeliveries (pure, run inside every ingest transaction, recording its decisions as ingest does) takes for one
// incident event against a large tenant, with and without RBAC recipient scopes. Prints figures only: a
// benchmark is never a pass/fail test. Run: npx tsx scripts/bench-match.ts [seconds]

import { groupsScope, type GroupScope } from '@/lib/auth/scope';
import { emptyDecisions } from '@/lib/rules/decisions';
import { planDeliveries, type MatchAlert, type MatchRule } from '@/lib/rules/match';

const seconds = Number(process.argv[2] ?? 2);
const GROUPS = Array.from({ length: 50 }, (_, i) => `group-${i}`);
const ADDED = new Date('2026-01-01T00:00:00Z');

// 200 rules, each on 3 of 50 groups (every tenth on all groups), 25 recipients each: 5,000 recipient entries.
function rules(): MatchRule[] {
  return Array.from({ length: 200 }, (_, r) => ({
    id: `rule-${r}`,
    name: `Rule ${r}`,
    enabled: true,
    severities: ['medium', 'high'],
    allDeviceGroups: r % 10 === 0,
    deviceGroupIds: [GROUPS[r % 50]!, GROUPS[(r + 7) % 50]!, GROUPS[(r + 19) % 50]!],
    allSources: true,
    sources: [],
    oneNotificationPerIncident: r % 3 === 0,
    includeOrganizationName: r % 2 === 0,
    includeTenantPortalLink: false,
    recipients: Array.from({ length: 25 }, (_, p) => ({ email: `analyst${(r * 25 + p) % 1500}@contoso.com`, language: p % 4 ? 'en' : 'nl', addedAt: ADDED })),
  }));
}

// A 20-alert incident spread over 10 groups.
const alerts: MatchAlert[] = Array.from({ length: 20 }, (_, a) => ({
  externalId: `alert-${a}`,
  severity: a % 3 ? 'high' : 'low',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'antivirus',
  deviceGroupIds: [GROUPS[(a * 5) % 50]!],
}));

// Every recipient a portal user of an RBAC tenant who may view 5 groups.
const scopes = new Map<string, GroupScope>(
  Array.from({ length: 1500 }, (_, u) => [`analyst${u}@contoso.com`, groupsScope(GROUPS.filter((_, g) => (g + u) % 10 === 0))]),
);

function bench(label: string, recipientScopes: ReadonlyMap<string, GroupScope>) {
  const event = { receivedAt: new Date(), alerts };
  const all = rules();
  for (let i = 0; i < 20; i++) planDeliveries(event, all, new Set(), recipientScopes, emptyDecisions());
  const durations: number[] = [];
  let planned = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    planned = planDeliveries(event, all, new Set(), recipientScopes, emptyDecisions()).length;
    durations.push(performance.now() - t0);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  console.log(`  ${label.padEnd(34)} p50 ${at(0.5).toFixed(2)} ms  p99 ${at(0.99).toFixed(2)} ms  (${planned} deliveries planned)`);
}

console.log(`match bench: node ${process.version}, 200 rules x 25 recipients, 20-alert event, ${seconds}s per case`);
bench('external recipients (rule scope)', new Map());
bench('RBAC portal users (recipient scope)', scopes);
