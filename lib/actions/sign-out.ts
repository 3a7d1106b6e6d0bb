'use server';

import { signOut } from '@/lib/auth/auth';

// Takes no input and touches no data: the session cookie is all it ends.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}
