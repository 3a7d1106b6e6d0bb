'use client';

import type { ReactNode } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { Body1, Card, makeStyles, Subtitle2, Text, Title2, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular } from '@fluentui/react-icons';
import type { SinkEmailView } from '@/lib/mail-sink/store';
import { AppLink } from '@/components/navigation/app-link';
import { mailSinkHref } from '../paths';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';

export type SinkEmailDetailProps = { email: Omit<SinkEmailView, 'headers'> };

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1000px' },
  back: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  title: { margin: 0, overflowWrap: 'anywhere' },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0 },
  text: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    maxHeight: '480px',
    overflowY: 'auto',
  },
  // The email's own width: most clients show it in a column of about 600-700 pixels.
  frame: {
    width: '100%',
    height: '720px',
    border: 'none',
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

// An email held by the sink. Its HTML is someone else's markup (incident names come from the payload):
// it is shown in an iframe with an empty sandbox, so it runs no script, submits no form, opens nothing,
// and has an opaque origin of its own, without this site's cookies or storage.
export function SinkEmailDetail({ email }: SinkEmailDetailProps) {
  const t = useTranslations('mailSink');
  const format = useFormatter();
  const styles = useStyles();
  const none = <Text italic>{t('none')}</Text>;
  const fact = (label: string, value: ReactNode) => (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  );

  return (
    <div className={styles.page}>
      <AppLink href={mailSinkHref()} className={styles.back}>
        <ArrowLeft20Regular aria-hidden />
        {t('detail.back')}
      </AppLink>
      <Title2 as="h1" className={styles.title}>
        {email.subject || t('noSubject')}
      </Title2>
      <Body1 className={styles.description}>{t('detail.description')}</Body1>
      <Card appearance="outline">
        <dl className={styles.facts}>
          {fact(t('detail.from'), email.from)}
          {fact(t('detail.to'), email.to.join(', '))}
          {fact(t('detail.subject'), email.subject || none)}
          {fact(
            t('detail.receivedAt'),
            <time dateTime={email.receivedAt}>
              {format.dateTime(new Date(email.receivedAt), DATE_TIME_SECONDS_UTC)}
            </time>,
          )}
          {fact(
            t('detail.idempotencyKey'),
            email.idempotencyKey ? <span className={styles.mono}>{email.idempotencyKey}</span> : none,
          )}
          {fact(
            t('detail.tags'),
            email.tags.length > 0
              ? email.tags.map((tag) => t('tag', { name: tag.name, value: tag.value })).join(', ')
              : none,
          )}
        </dl>
      </Card>
      <section aria-labelledby="sink-email-preview" className={styles.section}>
        <Subtitle2 as="h2" id="sink-email-preview" className={styles.heading}>
          {t('detail.preview')}
        </Subtitle2>
        {email.html ? (
          <Card appearance="outline">
            <iframe title={t('detail.preview')} sandbox="" srcDoc={email.html} className={styles.frame} />
          </Card>
        ) : (
          <Text italic>{t('detail.noHtml')}</Text>
        )}
      </section>
      <section aria-labelledby="sink-email-text" className={styles.section}>
        <Subtitle2 as="h2" id="sink-email-text" className={styles.heading}>
          {t('detail.plainText')}
        </Subtitle2>
        {email.text ? (
          <Card appearance="outline">
            <Text as="pre" className={styles.text}>
              {email.text}
            </Text>
          </Card>
        ) : (
          <Text italic>{t('detail.noText')}</Text>
        )}
      </section>
    </div>
  );
}
