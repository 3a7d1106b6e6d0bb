import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { SeverityBadge } from './components/severity-badge';
import { COLORS, styles } from './components/styles';
import { formatDateTime, severityLabel } from './lib/labels';
import { sanitizeDigestProps, type SafeDigestProps } from './lib/sanitize-digest';
import { emailTranslator, type EmailTranslator } from './lib/translator';
import type { DigestEmailProps } from './types';

const cell = { padding: '8px 0', borderTop: `1px solid ${COLORS.border}`, verticalAlign: 'top' } as const;

/** What a recipient's caps held back in one period: one email listing the incidents, with why and how many. */
export default function DigestNotification(props: DigestEmailProps) {
  // Sanitised here, not only in render.ts, so no caller (the preview server included) renders raw text.
  const email = sanitizeDigestProps(props);
  const t = emailTranslator(email.locale);
  return (
    <Html lang={email.locale}>
      <Head />
      <Preview>{t('digest.preview', { count: email.heldCount })}</Preview>
      <Body style={styles.body}>
        <Container style={{ ...styles.container, borderTop: `6px solid ${COLORS.link}` }}>
          <Section style={styles.section}>
            <Text style={styles.eyebrow}>{t('digest.eyebrow')}</Text>
            <Heading as="h1" style={styles.heading}>
              {t('digest.heading', { count: email.heldCount })}
            </Heading>
            {email.organizationName && (
              <Text style={styles.small}>
                {t('email.organization')}: {email.organizationName}
              </Text>
            )}
            <Text style={styles.paragraph}>{t('digest.intro')}</Text>
            <Heading as="h2" style={styles.subheading}>{t('digest.capsHeading')}</Heading>
            {email.caps.map((cap, index) => (
              <Text key={index} style={{ ...styles.paragraph, margin: '0 0 6px' }}>
                {t('digest.cap', {
                  scope: cap.scope,
                  ruleName: cap.ruleName ?? '',
                  severity: severityLabel(t, cap.severity),
                  limit: cap.limit,
                  period: cap.period,
                  count: cap.count,
                })}
              </Text>
            ))}
            <Heading as="h2" style={styles.subheading}>{t('digest.itemsHeading', { count: email.heldCount })}</Heading>
            <DigestItems email={email} t={t} />
            {email.moreItems > 0 && <Text style={styles.small}>{t('digest.more', { count: email.moreItems })}</Text>}
            {email.leftOutCount > 0 && <Text style={styles.small}>{t('digest.leftOut', { count: email.leftOutCount })}</Text>}
            <Text style={styles.small}>{t('email.timeZone', { timeZone: email.timeZone })}</Text>
          </Section>
          <Hr style={styles.hr} />
          <Text style={styles.footer}>{t('digest.footer')}</Text>
        </Container>
      </Body>
    </Html>
  );
}

function DigestItems({ email, t }: { email: SafeDigestProps; t: EmailTranslator }) {
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} border={0} width="100%">
      <tbody>
        {email.items.map((item, index) => (
          <tr key={index} data-text-alert>
            <td style={{ ...cell, width: '110px', paddingRight: '12px' }}>
              <SeverityBadge severity={item.severity} label={severityLabel(t, item.severity)} />
            </td>
            <td style={cell}>
              <div style={{ fontSize: '14px', lineHeight: '20px', fontWeight: 600, wordBreak: 'break-word' }}>
                {item.displayName || t('email.unknown')}
              </div>
              <div style={{ fontSize: '12px', lineHeight: '16px', color: COLORS.muted }}>
                {t('digest.incidentId', { id: item.externalId })} ·{' '}
                {t('digest.heldAt', { date: formatDateTime(email.locale, email.timeZone, item.heldAt) ?? '' })}
              </div>
              {item.url !== null && (
                <Link href={item.url} style={{ fontSize: '13px', lineHeight: '18px', color: COLORS.link }}>
                  {t('digest.viewIncident')}
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

DigestNotification.PreviewProps = {
  locale: 'en',
  timeZone: 'Europe/Amsterdam',
  organizationName: 'Contoso',
  items: [
    {
      externalId: '29',
      displayName: 'Multi-stage incident involving Execution & Command and control on one endpoint',
      severity: 'high',
      heldAt: '2026-11-23T09:14:00Z',
      url: 'https://security.microsoft.com/incident2/29/overview',
    },
    {
      externalId: '31',
      displayName: 'Suspicious PowerShell command line on multiple endpoints',
      severity: 'high',
      heldAt: '2026-11-23T09:41:00Z',
      url: 'https://security.microsoft.com/incident2/31/overview',
    },
  ],
  caps: [{ scope: 'rule', ruleName: 'High severity - SOC on call', severity: 'high', limit: 4, period: 'day', count: 2 }],
  leftOutCount: 0,
} satisfies DigestEmailProps;
