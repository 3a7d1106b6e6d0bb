import { randomUUID } from 'node:crypto';
import { sampleJson } from '@/lib/incidents/fixtures/samples';
import { addRule } from '@/lib/incidents/fixtures/world';
import type { TenantContext } from '@/lib/auth/tenant-context';

// What the load bench posts and the rules it posts against: the first incident of Microsoft's "List incidents
// (expand alerts)" example, with `alerts` copies of its first alert (severity medium), under ids unique per
// request; `matching` of `rules` rules take medium alerts, the rest only informational and low ones.

const SAMPLE = 'microsoft-graph/v1.0_list-incidents_expand-alerts.json';
const ID = '__BENCH_INCIDENT_ID__';

type GraphAlert = Record<string, unknown> & { id: string };
type GraphIncident = Record<string, unknown> & { id: string; alerts: GraphAlert[] };

// A function giving the next body each call: the JSON text is built once, only the ids change.
export function incidentBodies(alerts: number): { next: () => { id: string; body: string } } {
  const sample = sampleJson(SAMPLE) as { value: GraphIncident[] };
  const incident = sample.value[0]!;
  const alert = incident.alerts[0]!;
  const template = JSON.stringify({
    value: [
      {
        ...incident,
        id: ID,
        alerts: Array.from({ length: alerts }, (_, i) => ({ ...alert, id: `${ID}-alert-${i}`, incidentId: ID })),
      },
    ],
  });
  const prefix = randomUUID().slice(0, 8);
  let counter = 0;
  return {
    next: () => {
      const id = `bench-${prefix}-${counter++}`;
      return { id, body: template.replaceAll(ID, id) };
    },
  };
}

export async function seedRules(ctx: TenantContext, rules: number, matching: number): Promise<void> {
  const tag = randomUUID().slice(0, 6);
  for (let i = 0; i < rules; i++) {
    const matches = i < matching;
    await addRule(ctx, {
      name: `Bench rule ${i} ${tag}`,
      severities: matches ? ['medium', 'high'] : ['informational', 'low'],
      recipients: [{ email: `bench-${tag}-${i}@contoso.com`, language: 'en' }],
    });
  }
}
