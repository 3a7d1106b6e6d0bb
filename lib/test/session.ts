import { vi } from 'vitest';

// Stands in for lib/auth/auth.ts in tests that call server actions, pages' data or route handlers: the session
// cookie says whatever the test sets, and all that follows it (the user, roles and permissions read afresh
// from the database, sessionsValidAfter) runs for real. In the test file:
//   vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
// Each test file gets its own copy of this module, so no session leaks from one file into another.

// What the session cookie carries: who, and when it was issued.
export type TestSession = { userId: string; signedInAt: number };

let current: TestSession | null = null;

export const auth = async (): Promise<TestSession | null> => current;
export const signIn = vi.fn();
export const signOut = vi.fn();
export const handlers = { GET: vi.fn(), POST: vi.fn() };

// The session the next calls carry (null: signed out).
export function setSession(session: TestSession | null): TestSession | null {
  current = session;
  return session;
}

// A session of the user issued now, or none.
export function signInAs(user: { id: string } | null): TestSession | null {
  return setSession(user ? { userId: user.id, signedInAt: Date.now() } : null);
}
