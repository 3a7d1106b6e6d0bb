'use server';

import { cookies } from 'next/headers';
import { AuthError, CredentialsSignin } from 'next-auth';
import { definePublicAction } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth/auth';
import { credentialsEnabled } from '@/lib/auth/entra';
import { languageOfAccount } from '@/lib/data/users';
import { LOCALE_COOKIE } from '@/lib/i18n/languages';
import { appCookieOptions } from '@/lib/security/cookie-options';
import { SafeError } from '@/lib/safe-error';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { signInSchema } from '@/lib/validation/session';

// The portal's home sends each user where they may go (the rules list, or a no-access note).
const HOME = '/';

// Only a path on this site: an attacker's link must not turn our sign-in into an open redirect.
function safeRedirect(callbackUrl: string | undefined): string {
  const path = safeCallbackUrl(callbackUrl);
  return !path || path.startsWith('/sign-in') ? HOME : path;
}

export const signInAction = definePublicAction({ name: 'signIn', schema: signInSchema }, async (input) => {
  // With AUTH_CREDENTIALS=off there is no credentials provider, and next-auth's signIn() then returns the sign-in
  // page's URL instead of failing: without this check the action would report a successful sign-in (no session).
  if (!credentialsEnabled()) throw new SafeError('credentialsDisabled');
  try {
    await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === 'throttled') throw new SafeError('signInThrottled');
    // One message for unknown account and wrong password alike.
    if (error instanceof AuthError) throw new SafeError('signInFailed');
    throw error;
  }
  const language = await languageOfAccount(input.email);
  if (language) {
    (await cookies()).set(LOCALE_COOKIE, language, await appCookieOptions(365 * 24 * 3600));
  }
  return { redirectTo: safeRedirect(input.callbackUrl) };
});
