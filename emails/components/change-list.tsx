import { Heading, Text } from '@react-email/components';
import type { EmailChange } from '@/emails/types';
import { formatDateTime, severityLabel, statusLabel } from '../lib/labels';
import type { SafeEmailProps } from '../lib/sanitize';
import type { EmailTranslator } from '../lib/translator';
import { COLORS, styles } from './styles';

type Props = { email: SafeEmailProps; t: EmailTranslator };

const cell = { padding: '6px 0', borderTop: `1px solid ${COLORS.border}`, verticalAlign: 'top', fontSize: '14px', lineHeight: '20px' } as const;

/**
 * What changed, oldest first (the newest 30 when there are more), when the rule waited for more changes and this email brings several updates of
 * the incident together: the reader sees every step, not only where the incident ended up.
 */
export function ChangeList({ email, t }: Props) {
  if (email.changes.length === 0) return null;
  const total = email.changes.length + email.earlierChanges;
  return (
    <>
      <Heading as="h2" style={styles.subheading}>{t('email.changes.heading', { count: total })}</Heading>
      <Text style={styles.small}>{t('email.changes.explanation')}</Text>
      {email.earlierChanges > 0 && <Text style={styles.small}>{t('email.changes.earlier', { count: email.earlierChanges })}</Text>}
      <table role="presentation" cellPadding={0} cellSpacing={0} border={0} width="100%">
        <tbody>
          {email.changes.map((change, index) => (
            <tr key={index} data-text-alert>
              <td style={{ ...cell, width: '170px', paddingRight: '12px', color: COLORS.muted }}>
                {formatDateTime(email.locale, email.timeZone, change.at)}
              </td>
              <td style={{ ...cell, wordBreak: 'break-word' }}>{describe(t, change)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function describe(t: EmailTranslator, change: EmailChange): string {
  const title = change.alertTitle || t('email.unknown');
  const from = (label: (value: string) => string) => (change.from === null ? t('email.unknown') : label(change.from));
  switch (change.kind) {
    case 'alertAdded':
      return t('email.changes.alertAdded', { title, severity: severityLabel(t, change.to) });
    case 'alertSeverity':
      return t('email.changes.alertSeverity', { title, from: from((v) => severityLabel(t, v)), to: severityLabel(t, change.to) });
    case 'alertStatus':
      return t('email.changes.alertStatus', { title, from: from((v) => statusLabel(t, v)), to: statusLabel(t, change.to) });
    case 'severity':
      return t('email.changes.severity', { from: from((v) => severityLabel(t, v)), to: severityLabel(t, change.to) });
    case 'status':
      return t('email.changes.status', { from: from((v) => statusLabel(t, v)), to: statusLabel(t, change.to) });
  }
}
