'use server';

import { redirect } from 'next/navigation';
import { signOut } from '@/lib/auth/auth';
import { getPortalUser } from '@/lib/auth/session';
import { db } from '@/lib/db/client';

// Deleting the cookie is not enough: a request already in flight with the old cookie (a link prefetch)
// gets a refreshed one back, and the user would be signed in again. Voiding every session issued until
// now makes any such cookie worthless (lib/auth/session.ts checks sessionsValidAfter on every request).
// Takes no input: the session is all it ends.
export async function signOutAction(): Promise<void> {
  const session = await getPortalUser();
  if (session) {
    await db().user.update({
      where: { id_tenantId: { id: session.user.id, tenantId: session.tenant.id } },
      data: { sessionsValidAfter: new Date() },
    });
  }
  // next-auth would redirect to an absolute URL of its own making; a relative one keeps the browser on its host.
  await signOut({ redirect: false });
  redirect('/sign-in');
}
