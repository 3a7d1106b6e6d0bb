import { formatWithOptions, stripVTControlCharacters } from 'node:util';
import { vi } from 'vitest';

// Test helpers: everything a process would print (console.* and direct writes to stdout/stderr), and a
// search of that text for secrets in the forms a log line could carry them. Tests only.

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

export type CapturedOutput = { text(): string; clear(): void; restore(): void };

// Swallows the output while capturing it. Objects are formatted at full depth: stricter than the real
// console (depth 2), so a secret nested deep in a logged error is found even where Node would elide it.
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const spies = [
    ...CONSOLE_METHODS.map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(formatWithOptions({ depth: Infinity, colors: false }, ...args));
      }),
    ),
    ...[process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
        chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write),
    ),
  ];
  return {
    // Without colours: an escape sequence inside a printed secret would split it.
    text: () => stripVTControlCharacters(chunks.join('\n')),
    clear: () => void chunks.splice(0),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

// A secret and how it may show: `publicPrefix` is the part that is fine to print (an API key's display
// prefix, a hash's scheme and parameters); `exact` matches only the whole value (a header that merely
// wraps a secret already searched for).
export type Secret = { label: string; value: string; publicPrefix?: string; exact?: boolean };

// Shorter fragments would match by chance; 12 characters of a random secret never do.
export const MIN_FRAGMENT = 12;

// Where each secret shows in the output, as itself, base64 or URL-encoded, or as any fragment of
// MIN_FRAGMENT characters of one of those forms. One line per leak, with what leaked and the context.
export function findLeaks(output: string, secrets: readonly Secret[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.value.length < MIN_FRAGMENT) throw new Error(`${secret.label} is too short to search for reliably`);
    const found = secret.exact ? (output.includes(secret.value) ? secret.value : null) : leakedFragment(output, secret);
    if (found === null) continue;
    const at = output.indexOf(found);
    const context = output.slice(Math.max(0, at - 60), at + found.length + 20).replace(/\s+/g, ' ');
    leaks.push(`${secret.label}: "${found}" in …${context}…`);
  }
  return leaks;
}

function leakedFragment(output: string, secret: Secret): string | null {
  const forms = new Set([
    secret.value,
    Buffer.from(secret.value, 'utf8').toString('base64'),
    Buffer.from(secret.value, 'utf8').toString('base64url'),
    encodeURIComponent(secret.value),
  ]);
  const publicLength = secret.publicPrefix && secret.value.startsWith(secret.publicPrefix) ? secret.publicPrefix.length : 0;
  for (const form of forms) {
    for (let start = 0; start + MIN_FRAGMENT <= form.length; start++) {
      // A fragment lying wholly in the public prefix is what the product shows on purpose.
      if (form === secret.value && start + MIN_FRAGMENT <= publicLength) continue;
      const fragment = form.slice(start, start + MIN_FRAGMENT);
      if (output.includes(fragment)) return fragment;
    }
  }
  return null;
}

// The structured log lines (lib/observability/logger.ts) among the captured output: one JSON object per line.
export function loggedEvents(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
