import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { loggableError } from '@/lib/security/loggable-error';

// One JSON line per event ({"level":"info","time":"<ISO 8601>","msg":...} and the fields given: requestId,
// tenantId, ...), on stdout, for the operator's log collector. LOG_FORMAT=pretty prints the same events readably for
// a person at a terminal. LOG_LEVEL picks the threshold (default info). Both formats are written through
// process.stdout.write at the moment of the event (synchronously, no worker thread), so a line logged just before
// process.exit() is not lost, and the no-secrets-in-logs tests see everything a process prints.
//
// Never log an error object or a request: pass errors through errorFields(), which keeps name, code, message and
// stack without the arguments Prisma renders into its messages. Fields named like secrets are redacted besides.

const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'authorization',
  'cookie',
  '*.password',
  '*.secret',
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.cookie',
];

// Reads LOG_FORMAT and LOG_LEVEL from `env`.
export function createLogger(env: Record<string, string | undefined> = process.env): Logger {
  // Anything but "pretty" means JSON: a logger that refused a typo would fail the very code trying to report a failure.
  const pretty = env.LOG_FORMAT?.trim().toLowerCase() === 'pretty';
  const prettify = pretty ? prettyFactory({ colorize: Boolean(process.stdout.isTTY) }) : null;
  return pino(
    {
      level: levelOf(env.LOG_LEVEL),
      // No pid/hostname: the collector knows which container a line came from.
      base: undefined,
      // "info" rather than 30: readable in any log viewer without pino's table of numbers.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    // Looked up at each write, not captured once, so whatever stands in for stdout at the time gets the line.
    { write: (line: string) => process.stdout.write(prettify ? prettify(line) : line) },
  );
}

// pino throws on an unknown level; for the same reason as above, a typo falls back to the default.
function levelOf(value: string | undefined): string {
  const level = value?.trim().toLowerCase();
  return level && (level === 'silent' || level in pino.levels.values) ? level : 'info';
}

let instance: Logger | undefined;

// Created on first use, so importing this module has no side effect and LOG_* set before first use count.
export function log(): Logger {
  instance ??= createLogger();
  return instance;
}

// The safe form of an unexpected error for a log line's `error` field.
export function errorFields(error: unknown): { error: string } {
  return { error: loggableError(error) };
}
