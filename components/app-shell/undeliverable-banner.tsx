'use client';

import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslations } from 'next-intl';
import { AppLink } from '@/components/navigation/app-link';
import { NAV_LINKS } from '@/components/app-shell/nav-links';

// <UndeliverableBanner addresses />: some rule recipients will not get email (hard bounce, spam
// complaint, suppression). Shown to administrators on every page until an email to them is delivered.
export function UndeliverableBanner({ addresses }: { addresses: string[] }) {
  const t = useTranslations('common.undeliverable');
  if (addresses.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('title', { count: addresses.length })}</MessageBarTitle>
        {t('body', { addresses: addresses.slice(0, 5).join(', '), more: Math.max(0, addresses.length - 5) })}{' '}
        <AppLink href={NAV_LINKS.incidents}>{t('link')}</AppLink>
      </MessageBarBody>
    </MessageBar>
  );
}
