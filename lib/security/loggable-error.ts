// What the log keeps of an unexpected error: name, code, message and stack frames, and the same of its
// cause. Not the error object itself: Prisma renders the arguments of the failed call into its message
// (a key's hash, a signing secret, a password hash), so only the message's last line, the explanation,
// is kept of those; and other properties (a request with its headers, say) are left out altogether.
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return `thrown ${typeof error === 'object' ? 'non-Error object' : String(error)}`;
  const code = (error as { code?: unknown }).code;
  const message = error.name.startsWith('PrismaClient') ? lastLine(error.message) : error.message;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const head = `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message}`;
  const cause = error.cause === undefined ? [] : [`caused by ${loggableError(error.cause)}`];
  return [head, ...frames, ...cause].join('\n');
}

function lastLine(message: string): string {
  return message.split('\n').filter((line) => line.trim()).at(-1) ?? '';
}
