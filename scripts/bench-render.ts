// Renders per second of the incident notification (subject + HTML + plain text, as sent), one at a time on one
// core. Prints figures only: a benchmark is never a pass/fail test. Run: npx tsx scripts/bench-render.ts [seconds]

// React's development build is several times slower; measure what production runs. Set before React loads,
// hence the dynamic imports below.
// (Next's types declare NODE_ENV read-only; this script runs outside Next.)
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= 'production';

const { renderIncidentEmail } = await import('@/emails/render');
const { default: IncidentNotification } = await import('@/emails/incident-notification');
const { LANGUAGES } = await import('@/lib/i18n/languages');
import type { IncidentEmailProps } from '@/emails/types';

const seconds = Number(process.argv[2] ?? 3);
const WARMUP = 200;
const MAX_RENDERS = 100_000; // bounds the run whatever the machine's speed

async function bench(props: IncidentEmailProps): Promise<{ perSecond: number; p50: number; p99: number; bytes: number }> {
  for (let i = 0; i < WARMUP; i++) await renderIncidentEmail(props);
  const durations: number[] = [];
  let bytes = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end && durations.length < MAX_RENDERS) {
    const t0 = performance.now();
    const email = await renderIncidentEmail(props);
    durations.push(performance.now() - t0);
    bytes = email.html.length + email.text.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return { perSecond: durations.length / elapsed, p50: at(0.5), p99: at(0.99), bytes };
}

console.log(`render bench: NODE_ENV=${process.env.NODE_ENV}, node ${process.version}, ${seconds}s per case`);
for (const locale of LANGUAGES) {
  const props = { ...IncidentNotification.PreviewProps, locale };
  const r = await bench(props);
  console.log(
    `incident notification [${locale}] HTML+text: ${r.perSecond.toFixed(0)} renders/s ` +
      `(p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${(r.bytes / 1024).toFixed(1)} KiB)`,
  );
}
