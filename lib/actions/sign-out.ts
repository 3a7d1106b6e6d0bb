'use server';

import { redirect } from 'next/navigation';
import { definePublicFormAction } from '@/lib/actions/safe-action';
import { signOut } from '@/lib/auth/auth';
import { getPortalUser } from '@/lib/auth/session';
import { endOwnSessions } from '@/lib/data/users';
import { signOutSchema } from '@/lib/validation/session';

// Deleting the cookie is not enough: a request already in flight with the old cookie (a link prefetch)
// gets a refreshed one back, and the user would be signed in again. Voiding every session issued until
// now makes any such cookie worthless. Public: signed out (a session already void), it still clears the
// cookie and ends on the sign-in page.
export const signOutAction = definePublicFormAction({ name: 'signOut', schema: signOutSchema }, async () => {
  const session = await getPortalUser();
  if (session) await endOwnSessions(session.ctx);
  // next-auth would redirect to an absolute URL of its own making; a relative one keeps the browser on its host.
  await signOut({ redirect: false });
  redirect('/sign-in');
});
