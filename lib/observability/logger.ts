import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { loggableError } from '@/lib/security/loggable-error';

// One JSON line per event (level, time, msg, and the fields given: requestId, tenantId, ...), on stdout, for the
// operator's log collector. LOG_FORMAT=pretty prints the same events readably for a person at a terminal.
// LOG_LEVEL picks the threshold (default info). Written through process.stdout so everything a process prints goes
// one way (and the no-secrets-in-logs tests see it).
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

function createLogger(): Logger {
  const level = process.env.LOG_LEVEL || 'info';
  const options = { level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (process.env.LOG_FORMAT === 'pretty') {
    return pino(options, pretty({ colorize: Boolean(process.stdout.isTTY), sync: true, destination: 1 }));
  }
  return pino({ ...options, timestamp: pino.stdTimeFunctions.isoTime }, { write: (line: string) => process.stdout.write(line) });
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
