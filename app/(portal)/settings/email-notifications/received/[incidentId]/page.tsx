import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requirePortalUser } from '@/lib/auth/session';
import { getIncidentDetail } from '@/lib/data/incident-detail';
import { IncidentPage } from './incident-page';

type Props = { params: Promise<{ incidentId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('incidents.list');
  return { title: t('title') };
}

// An incident outside the viewer's device groups, or of another tenant, does not exist for them.
export default async function IncidentReceivedPage({ params }: Props) {
  const session = await requirePortalUser();
  if (!session.can('incidents.view')) notFound();
  const { incidentId } = await params;
  const id = z.uuid().safeParse(incidentId);
  if (!id.success) notFound();
  const incident = await getIncidentDetail(session.ctx, id.data);
  if (!incident) notFound();
  return <IncidentPage incident={incident} />;
}
