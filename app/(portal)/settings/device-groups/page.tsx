import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listDeviceGroups } from '@/lib/data/device-groups';
import { DeviceGroupsView } from './device-groups-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('deviceGroups');
  return { title: t('title') };
}

export default async function DeviceGroupsPage() {
  const session = await requirePortalUser();
  if (!session.can('deviceGroups.view')) notFound();
  const groups = await listDeviceGroups(session.ctx);
  // Showing the controls is a convenience; every action checks 'deviceGroups.manage' again on the server.
  return <DeviceGroupsView groups={groups} canManage={session.can('deviceGroups.manage')} />;
}
