import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { incidentGroupOptions, listIncidents } from '@/lib/data/incidents';
import { incidentListFilterSchema } from '@/lib/validation/incident-list';
import { IncidentsView } from './incidents-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('incidents.list');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Filters live in the query string, so a filtered list can be bookmarked and shared.
export default async function IncidentsReceivedPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!session.can('incidents.view')) notFound();
  const query = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  const filter = incidentListFilterSchema.parse({
    severity: first(query.severity),
    status: first(query.status),
    deviceGroupId: first(query.deviceGroupId),
    from: first(query.from),
    to: first(query.to),
    emailed: first(query.emailed),
    cursor: first(query.cursor),
  });
  const [{ entries, nextCursor, hiddenCount }, groups] = await Promise.all([listIncidents(session.ctx, filter), incidentGroupOptions(session.ctx)]);
  return <IncidentsView entries={entries} nextCursor={nextCursor} hiddenCount={hiddenCount} filter={filter} groups={groups} />;
}
