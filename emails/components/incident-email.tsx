import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from '@react-email/components';
import { severityLabel } from '../lib/labels';
import type { SafeEmailProps } from '../lib/sanitize';
import { emailTranslator } from '../lib/translator';
import { AlertList } from './alert-list';
import { ChangeList } from './change-list';
import { IncidentFacts } from './incident-facts';
import { severityColors } from './severity-badge';
import { styles } from './styles';
import { TestBanner } from './test-banner';

type Props = { email: SafeEmailProps };

/**
 * The one layout of every incident email. The test notification uses it too, with a banner on top, so a test
 * shows exactly what a real notification will look like.
 */
export function IncidentEmail({ email }: Props) {
  const t = emailTranslator(email.locale);
  const { incident, eventKind } = email;
  const severity = severityLabel(t, incident.severity);
  const name = incident.displayName || t('email.unknown');
  const preview =
    eventKind === 'test'
      ? t('email.preview.test', { ruleName: email.ruleName ?? '' })
      : t(`email.preview.${eventKind}`, { severity, name });
  return (
    <Html lang={email.locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        {/* The stripe repeats the severity color at a glance; the word is in the facts below. */}
        <Container
          style={{ ...styles.container, borderTop: `6px solid ${severityColors(incident.severity).background}` }}
        >
          {eventKind === 'test' && (
            <Section style={{ ...styles.section, paddingTop: '16px' }}>
              <TestBanner
                title={t('email.test.banner', { ruleName: email.ruleName ?? '' })}
                explanation={t('email.test.explanation')}
              />
            </Section>
          )}
          <Section style={styles.section}>
            <Text style={styles.eyebrow}>
              {t(`email.heading.${eventKind === 'updated' ? 'updated' : 'created'}`)}
            </Text>
            <Heading as="h1" style={styles.heading}>
              {name}
            </Heading>
            {eventKind !== 'test' && <Text style={styles.paragraph}>{t(`email.intro.${eventKind}`)}</Text>}
            <IncidentFacts email={email} t={t} />
            {incident.url !== null && (
              <Button href={incident.url} style={styles.button}>
                {t('email.viewIncident')}
              </Button>
            )}
            <ChangeList email={email} t={t} />
            <AlertList email={email} t={t} />
          </Section>
          <Hr style={styles.hr} />
          <Text style={styles.footer}>{t('email.footer')}</Text>
        </Container>
      </Body>
    </Html>
  );
}
