import { createTranslator } from 'next-intl';
import type { Language } from '@/lib/i18n/languages';
import enDigest from '@/emails/messages/en/digest.json';
import enEmail from '@/emails/messages/en/email.json';
import enSources from '@/emails/messages/en/sources.json';
import nlDigest from '@/emails/messages/nl/digest.json';
import nlEmail from '@/emails/messages/nl/email.json';
import nlSources from '@/emails/messages/nl/sources.json';

// Emails are rendered outside a Next request (the dispatcher, scripts, the preview server), so they cannot use
// getTranslations; createTranslator reads the very catalogs the portal uses. Only the namespaces an email
// needs are loaded: `email` for its words, `digest` for the digest email's, and `sources` for severity and
// source display names.
const en = { email: enEmail, digest: enDigest, sources: enSources };
type EmailMessages = typeof en;
const MESSAGES: Record<Language, EmailMessages> = { en, nl: { email: nlEmail, digest: nlDigest, sources: nlSources } };

function build(locale: Language) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}

export type EmailTranslator = ReturnType<typeof build>;

// A translator keeps its own formatter cache; one per language keeps repeated renders from rebuilding them.
const translators = new Map<Language, EmailTranslator>();

export function emailTranslator(locale: Language): EmailTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = build(locale);
    translators.set(locale, t);
  }
  return t;
}
