import { emptyDecisions } from '@/lib/rules/decisions';
import { planDeliveries, type MatchAlert, type MatchRule } from '@/lib/rules/match';

// Figure 5: planDeliveries (pure; run inside every ingest) for one 3-alert incident against n rules, of which
// the same share matches as in the load run. Rule shape as in scripts/bench-match.ts.

export type MatchFigure = { rules: number; p50: number; p99: number; planned: number };

const GROUPS = Array.from({ length: 50 }, (_, i) => `group-${i}`);
const ADDED = new Date('2026-01-01T00:00:00Z');

function rules(count: number, share: number): MatchRule[] {
  const matching = Math.round(count * share);
  return Array.from({ length: count }, (_, r) => ({
    id: `rule-${r}`,
    name: `Rule ${r}`,
    enabled: true,
    severities: r < matching ? ['medium', 'high'] : ['informational', 'low'],
    allDeviceGroups: r % 10 === 0,
    deviceGroupIds: [GROUPS[r % 50]!, GROUPS[(r + 7) % 50]!, GROUPS[(r + 19) % 50]!],
    allSources: true,
    sources: [],
    oneNotificationPerIncident: r % 3 === 0,
    includeOrganizationName: r % 2 === 0,
    includeTenantPortalLink: false,
    recipients: [{ email: `analyst${r}@contoso.com`, language: 'en', addedAt: ADDED }],
  }));
}

const alerts: MatchAlert[] = Array.from({ length: 3 }, (_, a) => ({
  externalId: `alert-${a}`,
  severity: a === 0 ? 'high' : 'medium',
  serviceSource: 'microsoftDefenderForEndpoint',
  detectionSource: 'microsoftDefenderForEndpoint',
  deviceGroupIds: [GROUPS[a * 7]!],
}));

export function measureMatching(counts: number[], share: number, seconds: number): MatchFigure[] {
  return counts.map((count) => {
    const all = rules(count, share);
    const event = { receivedAt: new Date(), alerts };
    for (let i = 0; i < 10; i++) planDeliveries(event, all, new Set(), new Map(), emptyDecisions());
    const durations: number[] = [];
    let planned = 0;
    // At least 20 samples, at most 100,000, and about `seconds` long.
    const end = performance.now() + seconds * 1000;
    while ((durations.length < 20 || performance.now() < end) && durations.length < 100_000) {
      const t0 = performance.now();
      planned = planDeliveries(event, all, new Set(), new Map(), emptyDecisions()).length;
      durations.push(performance.now() - t0);
    }
    return { rules: count, p50: quantile(durations, 0.5), p99: quantile(durations, 0.99), planned };
  });
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
