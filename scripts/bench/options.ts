import { parseArgs } from 'node:util';

// The settings of `npm run bench:load`, with the defaults of issue 10. `--quick` only shortens the phases and
// the backlog (whole run under 2 minutes); any flag given explicitly still wins.

export type BenchOptions = {
  rules: number;
  matching: number; // how many of `rules` match the posted incident
  alerts: number; // alerts per posted incident
  connections: number;
  duration: number; // seconds of each autocannon run
  rate: number; // provider requests per second (stand-in and dispatcher)
  deliverySeconds: number;
  backlog: number; // deliveries queued before the delivery window opens
  latencySeconds: number; // 1 incident / 500 ms for this long
  matchSeconds: number; // per matching case
  port: number;
  quick: boolean;
};

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rules: { type: 'string' },
      matching: { type: 'string' },
      alerts: { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string' },
      'delivery-seconds': { type: 'string' },
      backlog: { type: 'string' },
      port: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick ?? false;
  const number = (name: string, raw: string | undefined, fallback: number, min = 1) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${raw}"`);
    return value;
  };
  const rules = Math.floor(number('rules', values.rules, 200));
  const matching = Math.floor(number('matching', values.matching, 5, 0));
  if (matching > rules) throw new Error(`--matching (${matching}) cannot exceed --rules (${rules})`);
  const rate = number('rate', values.rate, 2);
  const deliverySeconds = number('delivery-seconds', values['delivery-seconds'], quick ? 15 : 60);
  // Enough that the sender never runs dry inside the window, even at the provider's ceiling.
  const backlog = Math.floor(number('backlog', values.backlog, Math.max(quick ? 1000 : 5000, Math.ceil(rate * 100 * deliverySeconds * 1.1))));
  return {
    rules,
    matching,
    alerts: Math.floor(number('alerts', values.alerts, 2)),
    connections: Math.floor(number('connections', values.connections, 20)),
    duration: number('duration', values.duration, quick ? 5 : 20),
    rate,
    deliverySeconds,
    backlog,
    latencySeconds: quick ? 10 : 30,
    matchSeconds: quick ? 0.3 : 1,
    port: Math.floor(number('port', values.port, 3700)),
    quick,
  };
}
