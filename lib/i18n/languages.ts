// The languages of the portal and of the emails: one list, which recipients, users and tenants choose from.
// The database's `Language` enum holds the same values: a row's language read as a Language type-checks only while they agree.
export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
// next-intl's conventional cookie name; the set-language action writes it.
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function resolveLanguage(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}
