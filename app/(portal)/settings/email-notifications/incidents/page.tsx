import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listRules } from '@/lib/data/rules';
import { RulesPage } from './_components/rules-page';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rules.list');
  return { title: t('title') };
}

type Props = { searchParams: Promise<{ rule?: string | string[] }> };

export default async function IncidentRulesPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!session.can('rules.view')) notFound();
  const [rules, { rule }] = await Promise.all([listRules(session.ctx), searchParams]);

  return (
    <RulesPage
      rules={rules}
      initialSelectedId={typeof rule === 'string' ? rule : null}
      permissions={{
        create: session.can('rules.create'),
        update: session.can('rules.update'),
        delete: session.can('rules.delete'),
        sendTestEmail: session.can('rules.sendTestEmail'),
        import: session.can('rules.import'),
      }}
    />
  );
}
