import { z } from 'zod';
import { LANGUAGES } from '@/lib/i18n/languages';

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'emailRequired').max(254, 'signInFailed'),
  password: z.string().min(1, 'passwordRequired').max(1024, 'signInFailed'),
  callbackUrl: z.string().max(2048).optional(),
});

export const languageSchema = z.object({ language: z.enum(LANGUAGES) });

// Sign-out takes nothing from the caller: the session is all it ends. Posted by a plain form, it is handed
// the form's FormData, which it ignores.
export const signOutSchema = z.unknown();
