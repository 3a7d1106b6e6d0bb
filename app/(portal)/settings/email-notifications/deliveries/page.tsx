import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listDeliveries } from '@/lib/data/deliveries';
import { listRules } from '@/lib/data/rules';
import { deliveryLogFilterSchema } from '@/lib/validation/delivery-log';
import { DeliveryLogView } from './delivery-log-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('deliveries');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The filters live in the query string, so a filtered log can be bookmarked and shared.
export default async function DeliveryLogPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!session.can('deliveries.view')) notFound();
  const query = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const filter = deliveryLogFilterSchema.parse({
    status: first(query.status),
    ruleId: first(query.ruleId),
    silenceId: first(query.silenceId),
    delivery: first(query.delivery),
    incident: first(query.incident) || undefined,
    recipient: first(query.recipient) || undefined,
    cursor: first(query.cursor),
  });
  const [{ entries, nextCursor }, rules] = await Promise.all([listDeliveries(session.ctx, filter), listRules(session.ctx)]);

  return (
    <DeliveryLogView
      entries={entries}
      nextCursor={nextCursor}
      filter={filter}
      rules={rules.map((rule) => ({ id: rule.id, name: rule.name })).sort((a, b) => a.name.localeCompare(b.name))}
    />
  );
}
