'use client';

import { useTranslations } from 'next-intl';
import { Body1, Title2 } from '@fluentui/react-components';

// What a signed-in user whose role does not include the audit log sees instead (decided on the server).
export function AuditLogNoAccess() {
  const t = useTranslations('auditLog.noAccess');
  return (
    <>
      <Title2 as="h1">{t('title')}</Title2>
      <p>
        <Body1>{t('body')}</Body1>
      </p>
    </>
  );
}
