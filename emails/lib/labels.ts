import type { Language } from '@/lib/i18n/languages';
import enEmail from '@/emails/messages/en/email.json';
import enSources from '@/emails/messages/en/sources.json';
import type { EmailAlert } from '@/emails/types';
import type { EmailTranslator } from './translator';

// Payload values (severity "high", service source "microsoftDefenderForEndpoint") become the portal's display
// names. A value the catalog does not know is shown as sent: a new Defender value must not break an email.
// Membership is checked with Object.hasOwn so a hostile value like "constructor" is never treated as a key.

function known<T extends object>(record: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(record, key);
}

export function severityLabel(t: EmailTranslator, severity: string): string {
  if (known(enSources.severity, severity)) return t(`sources.severity.${severity}`);
  return severity || t('email.unknown');
}

export function statusLabel(t: EmailTranslator, status: string): string {
  if (known(enEmail.status, status)) return t(`email.status.${status}`);
  return status || t('email.unknown');
}

/** "Microsoft Defender for Endpoint · EDR"; one of them when only one is known or both read the same. */
export function sourceLabel(t: EmailTranslator, alert: EmailAlert): string {
  const service = alert.serviceSource
    ? known(enSources.service, alert.serviceSource)
      ? t(`sources.service.${alert.serviceSource}`)
      : alert.serviceSource
    : '';
  const detection = alert.detectionSource
    ? known(enSources.detection, alert.detectionSource)
      ? t(`sources.detection.${alert.detectionSource}`)
      : alert.detectionSource
    : '';
  if (service && detection && service !== detection) return `${service} · ${detection}`;
  return service || detection || t('email.unknown');
}

// Building a DateTimeFormat is the costly part of formatting a date; rules reuse a handful of zones.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The instant in the recipient's language and zone, with the zone's short name ("Nov 23, 2026, 9:14 AM GMT+1"). */
export function formatDateTime(locale: Language, timeZone: string, iso: string | null): string | null {
  if (!iso) return null;
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
      timeZone,
    });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}
