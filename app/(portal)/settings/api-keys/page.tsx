import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listApiKeys } from '@/lib/data/api-keys';
import { ApiKeysView } from './api-keys-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiKeys');
  return { title: t('title') };
}

export default async function ApiKeysPage() {
  const session = await requirePortalUser();
  if (!session.can('apiKeys.view')) notFound();
  const keys = await listApiKeys(session.ctx);
  // Showing the controls is a convenience; both actions check 'apiKeys.manage' again on the server.
  return <ApiKeysView keys={keys} canManage={session.can('apiKeys.manage')} />;
}
