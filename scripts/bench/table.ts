import type { BurstFigure } from './burst';
import type { DeliveryFigure, LatencyFigure } from './delivery';
import type { LoadFigures } from './load';
import type { MatchFigure } from './matching';

// The one table `npm run bench:load` prints (Markdown, so BENCHMARKS.md can hold it as printed).

export type Figures = { load: LoadFigures; delivery: DeliveryFigure; backlog: number; latency: LatencyFigure; matching: MatchFigure[]; burst: BurstFigure; rate: number };

const n = (value: number, digits = 1) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number) => `${n(value, value < 1 ? 3 : value < 10 ? 2 : 0)} ms`;

export function table({ load, delivery, backlog, latency, matching, burst, rate }: Figures): string {
  const { noop, ingest } = load;
  const ceiling = rate * 100;
  const largest = matching[matching.length - 1]!;
  const rows: string[][] = [
    [
      'ingest req/s ÷ no-op POST route req/s',
      `${n(ingest.rps)} req/s (p50 ${ms(ingest.p50)}, p99 ${ms(ingest.p99)}; ${ingest.non2xx} non-2xx, ${ingest.errors} errors)`,
      `${n(noop.rps)} req/s no-op (p50 ${ms(noop.p50)}, p99 ${ms(noop.p99)}; ${noop.non2xx} non-2xx)`,
      n(ingest.rps / noop.rps, 3),
      '≥ 0.30',
    ],
    [
      `delivery emails/s ÷ (rate × 100), ${delivery.seconds} s`,
      `${n(delivery.emailsPerSecond)} emails/s (${delivery.requests} requests, ${delivery.rateLimited} × 429, ${delivery.duplicates} duplicates; backlog ${backlog.toLocaleString('en-US')}${delivery.ranDry ? ', ran dry' : ''})`,
      `${n(ceiling, 0)} emails/s (${rate} requests/s × 100)`,
      n(delivery.emailsPerSecond / ceiling, 3),
      '≥ 0.90, 0 × 429, 0 duplicates',
    ],
    [
      'web process peak RSS during the ingest load',
      `${n(load.peakRssMiB, 0)} MiB`,
      `${n(load.idleRssMiB, 0)} MiB at rest, before the load`,
      n(load.peakRssMiB / load.idleRssMiB, 2),
      '≤ 400 MiB',
    ],
    [
      'ingest → provider accepted, 1 incident / 500 ms',
      `p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)} (${latency.emails} emails of ${latency.incidents} incidents${latency.missing ? `, ${latency.missing} never accepted` : ''})`,
      'the bar: p99 1,000 ms',
      n(latency.p99 / 1000, 3),
      'p99 ≤ 1 s',
    ],
    [
      'matching one 3-alert incident',
      matching.map((m) => `${m.rules.toLocaleString('en-US')} rules: p50 ${ms(m.p50)}, p99 ${ms(m.p99)}`).join(' · '),
      `the bar: 5 ms at ${largest.rules.toLocaleString('en-US')} rules`,
      n(largest.p50 / 5, 3),
      '≤ 5 ms',
    ],
    [
      `emails for a ${burst.updates.toLocaleString('en-US')}-update burst, 5-minute coalescing window`,
      `${burst.emails} emails (${burst.incidents} incidents × ${burst.recipients} recipients; ${burst.planned.toLocaleString('en-US')} deliveries planned, ${burst.joined.toLocaleString('en-US')} joined a window)`,
      `${burst.expected} expected: one per incident and recipient`,
      n(burst.emails / burst.expected, 3),
      '= 1 (issue 12)',
    ],
  ];
  const header = ['figure', 'measured', 'ceiling (same run) or bar', 'ratio', 'issue 10 bar'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
