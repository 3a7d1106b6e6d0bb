import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { getTenantSettings } from '@/lib/data/tenant-settings';
import { OrganizationForm } from './organization-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('organization');
  return { title: t('title') };
}

export default async function OrganizationPage() {
  const session = await requirePortalUser();
  // Not found rather than forbidden: a page a role may not use does not exist for it.
  if (!session.can('tenant.manage')) notFound();
  const { settings, microsoftTenantId } = await getTenantSettings(session.ctx);
  // The action checks 'tenant.manage' again on the server.
  // From the server's list, so server and browser render the same options.
  const timeZones = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), settings.timeZone])];
  return <OrganizationForm settings={settings} microsoftTenantId={microsoftTenantId} timeZones={timeZones} />;
}
