import { LANGUAGES, type Language } from '@/lib/rules/catalog';

// The portal's languages are the languages recipients can choose: one list, in lib/rules/catalog.ts.
export const LOCALES = LANGUAGES;
export type Locale = Language;
export const defaultLocale: Locale = 'en';
// next-intl's conventional cookie name; the set-language action writes it.
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function resolveLocale(value: unknown): Locale {
  return isLocale(value) ? value : defaultLocale;
}
