'use server';

import { cookies } from 'next/headers';
import { definePublicAction } from '@/lib/actions/safe-action';
import { getPortalUser } from '@/lib/auth/session';
import { setOwnLanguage } from '@/lib/data/users';
import { LOCALE_COOKIE } from '@/lib/i18n/languages';
import { appCookieOptions } from '@/lib/security/cookie-options';
import { languageSchema } from '@/lib/validation/session';

// Works signed out too (the sign-in page has a language picker); signed in, the choice is also saved on
// the user, so it follows them to other browsers.
export const setLanguageAction = definePublicAction({ name: 'setLanguage', schema: languageSchema }, async ({ language }) => {
  (await cookies()).set(LOCALE_COOKIE, language, await appCookieOptions(365 * 24 * 3600));
  const session = await getPortalUser();
  if (session) await setOwnLanguage(session.ctx, language);
  return null;
});
