// An error whose message key may be shown to the user. Anything else that escapes a server action is
// logged with its stack and reported as `unexpected`, so internals never reach the browser.
export class SafeError extends Error {
  constructor(
    readonly key: string,
    readonly params?: Record<string, string>,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(key);
    this.name = 'SafeError';
  }
}

export const notFound = () => new SafeError('notFound');
