'use client';

import { useTranslations } from 'next-intl';
import { Body1, makeStyles, MessageBar, MessageBarBody, Subtitle2, Text, Title3, tokens } from '@fluentui/react-components';
import type { DryRunIncident, DryRunResult } from '@/lib/incidents/dry-run';
import { DecisionTable } from '../received/[incidentId]/event-section';

const useStyles = makeStyles({
  result: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  incident: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  email: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  frame: { width: '100%', maxWidth: '720px', height: '480px', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: '#ffffff' },
  text: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, maxWidth: '720px' },
});

// What the dry run answered: per incident, the rule × recipient table and each distinct email.
export function DryRunResultView({ result }: { result: DryRunResult }) {
  const t = useTranslations('incidents.dryRun');
  const styles = useStyles();
  return (
    <section className={styles.result} aria-live="polite">
      <MessageBar intent="info">
        <MessageBarBody>{t('nothingStored')}</MessageBarBody>
      </MessageBar>
      {result.incidents.map((incident) => (
        <IncidentResult key={incident.externalId} incident={incident} />
      ))}
    </section>
  );
}

function IncidentResult({ incident }: { incident: DryRunIncident }) {
  const t = useTranslations('incidents.dryRun');
  const common = useTranslations('common');
  const styles = useStyles();
  return (
    <article className={styles.incident} aria-label={t('resultTitle', { name: incident.displayName })}>
      <Title3 as="h2">{t('resultTitle', { name: incident.displayName })}</Title3>
      <Text>{t('alerts', { count: incident.alertCount })}</Text>
      {incident.alertCount > 0 && incident.rules.length === 0 && incident.hiddenRuleCount === 0 ? <Body1>{t('noRules')}</Body1> : null}
      {incident.rules.length > 0 ? <DecisionTable rules={incident.rules} label={t('rulesLabel', { name: incident.displayName })} dryRun /> : null}
      {incident.hiddenRuleCount > 0 ? <Text className={styles.muted}>{t('hiddenRules', { count: incident.hiddenRuleCount })}</Text> : null}
      <Subtitle2 as="h3">{t('emailsTitle')}</Subtitle2>
      {incident.emails.length === 0 ? <Body1>{t('noEmails')}</Body1> : null}
      {incident.emails.map((email, index) => (
        <div key={index} className={styles.email}>
          <Text weight="semibold">{t('emailTo', { recipients: email.recipients.join(', '), language: common(`languages.${email.language}`) })}</Text>
          <Text>{email.subject}</Text>
          {email.waitMinutes > 0 ? <Text className={styles.muted}>{t('waits', { minutes: email.waitMinutes })}</Text> : null}
          {/* The HTML as the recipient's mail client would get it, in an empty sandbox: no script, no form, no navigation. */}
          <iframe title={t('preview', { subject: email.subject })} sandbox="" srcDoc={email.html} className={styles.frame} />
          <details>
            <summary>{t('plainText')}</summary>
            <pre className={styles.text}>{email.text}</pre>
          </details>
        </div>
      ))}
    </article>
  );
}
