import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requirePortalUser } from '@/lib/auth/session';
import { incidentGroupOptions, listIncidents } from '@/lib/data/incidents';
import { DryRunView } from './dry-run-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('incidents.dryRun');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// "Test an incident against the rules". The test itself is a server action (dry-run-incident.ts), which
// checks the permission again; `?incidentId=` preselects an incident received (from its page).
export default async function DryRunPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!session.can('incidents.view')) notFound();
  const query = await searchParams;
  const preselected = z.uuid().safeParse(Array.isArray(query.incidentId) ? query.incidentId[0] : query.incidentId);
  const [{ entries }, groups] = await Promise.all([listIncidents(session.ctx, {}), incidentGroupOptions(session.ctx)]);
  const incidents = entries.map((entry) => ({ id: entry.id, label: `${entry.displayName} (${entry.externalId})` }));
  // An older incident opened from its page is offered too; the action decides whether the user may test it.
  const initialIncidentId = preselected.success ? preselected.data : '';
  if (initialIncidentId && !incidents.some((incident) => incident.id === initialIncidentId)) incidents.unshift({ id: initialIncidentId, label: initialIncidentId });
  return (
    <DryRunView
      incidents={incidents}
      initialIncidentId={initialIncidentId}
      sampleGroup={groups[0]?.name ?? null}
    />
  );
}
