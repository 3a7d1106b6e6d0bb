import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { requirePortalUser } from '@/lib/auth/session';
import { listDeliveries } from '@/lib/data/deliveries';
import { listDeviceGroupOptions } from '@/lib/data/device-groups';
import { listRules } from '@/lib/data/rules';
import { getSilence, listSilences } from '@/lib/data/silences';
import { SilencesView } from './silences-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('silences');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Settings → Email notifications → Silences. `?silence=<id>` opens one silence's details with what it held
// back, so the pane can be linked to and survives a reload.
export default async function SilencesPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!session.can('silences.view')) notFound();
  const query = await searchParams;
  const selectedId = z.uuid().safeParse(Array.isArray(query.silence) ? query.silence[0] : query.silence);
  const canCreate = session.can('silences.manage');
  const [lists, groups, rules, selected] = await Promise.all([
    listSilences(session.ctx),
    canCreate ? listDeviceGroupOptions(session.ctx) : Promise.resolve([]),
    canCreate ? listRules(session.ctx) : Promise.resolve([]),
    selectedId.success ? getSilence(session.ctx, selectedId.data) : Promise.resolve(null),
  ]);
  const heldBack = selected ? (await listDeliveries(session.ctx, { silenceId: selected.id })).entries : [];
  return (
    <SilencesView
      lists={lists}
      canCreate={canCreate}
      groups={groups}
      rules={rules.map((rule) => ({ id: rule.id, name: rule.name })).sort((a, b) => a.name.localeCompare(b.name))}
      selected={selected ? { silence: selected, heldBack } : null}
    />
  );
}
