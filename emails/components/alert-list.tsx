import { Heading, Text } from '@react-email/components';
import { severityLabel, sourceLabel } from '../lib/labels';
import type { SafeEmailProps } from '../lib/sanitize';
import type { EmailTranslator } from '../lib/translator';
import { SeverityBadge } from './severity-badge';
import { COLORS, styles } from './styles';

type Props = { email: SafeEmailProps; t: EmailTranslator };

const cell = { padding: '8px 0', borderTop: `1px solid ${COLORS.border}`, verticalAlign: 'top' } as const;

/** The alerts that triggered the incident: severity first, so a reader scanning the list sees it before the title. */
export function AlertList({ email, t }: Props) {
  const total = email.alerts.length + email.moreAlerts;
  return (
    <>
      <Heading as="h2" style={styles.subheading}>{t('email.alerts.heading', { count: total })}</Heading>
      {total === 0 ? (
        <Text style={styles.paragraph}>{t('email.alerts.none')}</Text>
      ) : (
        <table role="presentation" cellPadding={0} cellSpacing={0} border={0} width="100%">
          <tbody>
            {email.alerts.map((alert, index) => (
              <tr key={index} data-text-alert>
                <td style={{ ...cell, width: '110px', paddingRight: '12px' }}>
                  <SeverityBadge severity={alert.severity} label={severityLabel(t, alert.severity)} />
                </td>
                <td style={cell}>
                  <div style={{ fontSize: '14px', lineHeight: '20px', fontWeight: 600, wordBreak: 'break-word' }}>
                    {alert.title || t('email.unknown')}
                  </div>
                  <div style={{ fontSize: '12px', lineHeight: '16px', color: COLORS.muted }}>
                    {t('email.alerts.source')}: {sourceLabel(t, alert)}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {email.moreAlerts > 0 && <Text style={styles.small}>{t('email.alerts.more', { count: email.moreAlerts })}</Text>}
    </>
  );
}
