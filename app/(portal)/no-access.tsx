'use client';

import { useTranslations } from 'next-intl';
import { Body1, Title2 } from '@fluentui/react-components';

// <NoAccess tenantName />: what a signed-in user without any permission sees instead of the portal.
export function NoAccess({ tenantName }: { tenantName: string }) {
  const t = useTranslations('common.noAccess');
  return (
    <>
      <Title2 as="h1">{t('title')}</Title2>
      <p>
        <Body1>{t('body', { tenant: tenantName })}</Body1>
      </p>
    </>
  );
}
