'use client';

import { useTranslations } from 'next-intl';
import {
  Body1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import type { SinkEmailSummary } from '@/lib/mail-sink/store';
import { AppLink } from '@/components/navigation/app-link';
import { mailSinkHref } from './paths';
import { SinkEmailGrid } from './sink-email-grid';

export type MailSinkViewProps = {
  emails: SinkEmailSummary[];
  // The id to page from for older emails; null on the last page.
  olderCursor: string | null;
  isOlderPage: boolean;
};

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  empty: { paddingBlock: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 },
  pager: { display: 'flex', gap: tokens.spacingHorizontalL },
});

// The mail sink page: what it is, the emails it holds (one page, newest first), and links to other pages.
export function MailSinkView({ emails, olderCursor, isOlderPage }: MailSinkViewProps) {
  const t = useTranslations('mailSink');
  const styles = useStyles();

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1 className={styles.description}>{t('description')}</Body1>
      <MessageBar intent="info">
        <MessageBarBody>
          <MessageBarTitle>{t('notice.title')}</MessageBarTitle>
          {t('notice.body')}
        </MessageBarBody>
      </MessageBar>
      <Text aria-live="polite">{t('shown', { count: emails.length })}</Text>
      {emails.length === 0 ? <Text className={styles.empty}>{t('empty')}</Text> : <SinkEmailGrid emails={emails} />}
      {olderCursor || isOlderPage ? (
        <nav className={styles.pager} aria-label={t('pager')}>
          {isOlderPage ? <AppLink href={mailSinkHref()}>{t('newest')}</AppLink> : null}
          {olderCursor ? <AppLink href={mailSinkHref(olderCursor)}>{t('older')}</AppLink> : null}
        </nav>
      ) : null}
    </div>
  );
}
