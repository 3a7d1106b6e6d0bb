import { severityLabel } from './labels';
import { cleanText, type SafeEmailProps } from './sanitize';
import type { SafeDigestProps } from './sanitize-digest';
import type { EmailTranslator } from './translator';

// Mail clients show about 60-80 characters; 200 keeps the whole name visible in most list views without
// letting a 300-character name produce a header that some servers fold or reject.
export const SUBJECT_MAX = 200;

/**
 * "[High] Incident: <name> - <organization>". When too long, the incident name is shortened rather than the end
 * cut off, so the severity and the organization always stay visible.
 */
export function emailSubject(t: EmailTranslator, email: SafeEmailProps): string {
  const severity = severityLabel(t, email.incident.severity);
  const compose = (name: string) => {
    const subject = t(`email.subject.${email.eventKind}`, { severity, name });
    return email.organizationName
      ? t('email.subject.withOrganization', { subject, organization: email.organizationName })
      : subject;
  };
  const name = email.incident.displayName || t('email.unknown');
  const full = compose(name);
  const overflow = Array.from(full).length - SUBJECT_MAX;
  const fitted = overflow > 0 ? compose(cleanText(name, Math.max(1, Array.from(name).length - overflow))) : full;
  // Cleaned once more as a whole: the catalog text and every argument end up in a mail header.
  return cleanText(fitted, SUBJECT_MAX);
}

/** "Digest: 3 incident emails held back by your notification limits - <organization>". */
export function digestSubject(t: EmailTranslator, digest: SafeDigestProps): string {
  const subject = t('digest.subject', { count: digest.heldCount });
  const full = digest.organizationName ? t('email.subject.withOrganization', { subject, organization: digest.organizationName }) : subject;
  return cleanText(full, SUBJECT_MAX);
}
