'use client';

import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useFormatter, useTranslations } from 'next-intl';
import { AppLink } from '@/components/navigation/app-link';
import { NAV_LINKS } from '@/components/app-shell/nav-links';
import { DATE_TIME_UTC } from '@/components/date-formats';

// <SilenceEndingBanner silences />: silences the user may extend that end within the hour. Shown on every
// page, so a maintenance window that runs long is extended before its incidents start mailing everyone.
export function SilenceEndingBanner({ silences }: { silences: { id: string; name: string; endsAt: string }[] }) {
  const t = useTranslations('common.silenceEnding');
  const format = useFormatter();
  if (silences.length === 0) return null;
  const [first] = silences;
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('title', { count: silences.length })}</MessageBarTitle>
        {t('body', { name: first.name, end: format.dateTime(new Date(first.endsAt), DATE_TIME_UTC), more: silences.length - 1 })}{' '}
        <AppLink href={`${NAV_LINKS.silences}?silence=${first.id}`}>{t('link')}</AppLink>
      </MessageBarBody>
    </MessageBar>
  );
}
