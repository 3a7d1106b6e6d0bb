import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { scopeFor } from '@/lib/auth/authorize';
import { requirePortalUser } from '@/lib/auth/session';
import { listDeviceGroupOptions } from '@/lib/data/device-groups';
import { RuleWizard } from '../_components/wizard/rule-wizard';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rules.wizard');
  return { title: t('createTitle') };
}

export default async function NewRulePage() {
  const session = await requirePortalUser();
  if (!session.can('rules.create')) notFound();
  const deviceGroups = await listDeviceGroupOptions(session.ctx);

  return (
    <RuleWizard
      mode="create"
      deviceGroups={deviceGroups}
      // "All device groups" includes groups added later: only for a user who manages every group.
      canChooseAllDeviceGroups={scopeFor(session.actor, 'rules.create').all}
      defaultLanguage={session.tenant.defaultLanguage}
      canSendTestEmail={session.can('rules.sendTestEmail')}
    />
  );
}
