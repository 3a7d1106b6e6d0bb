'use server';

import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth/auth';
import { defineSignedInAction } from '@/lib/actions/safe-action';
import { changeOwnPassword } from '@/lib/data/users';
import { changeOwnPasswordSchema } from '@/lib/validation/user';

const CHANGE_PASSWORD_PATH = '/account/password';

// Any signed-in user, for their own account only (the user comes from the session, never the input).
export const changeOwnPasswordAction = defineSignedInAction(
  { name: 'changeOwnPassword', schema: changeOwnPasswordSchema },
  async ({ currentPassword, newPassword }, { ctx, user }) => {
    // Voids every session of the user, this one included...
    await changeOwnPassword(ctx, { currentPassword, newPassword });
    // ...so this browser signs in again with the new password: its fresh token is dated after the change,
    // while every other browser's token stays void.
    await signIn('credentials', { email: user.email, password: newPassword, redirect: false });
    // A navigation rather than a result: re-rendering the page in this same request would still read the old
    // (now void) cookie and send the user to sign-in; the redirect's request carries the new one.
    redirect(`${CHANGE_PASSWORD_PATH}?changed=1`);
  },
);
