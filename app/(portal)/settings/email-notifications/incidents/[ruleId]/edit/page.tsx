import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { scopeFor } from '@/lib/auth/authorize';
import { requirePortalUser } from '@/lib/auth/session';
import { NAV_LINKS } from '@/components/app-shell/nav-links';
import { listDeviceGroupOptions } from '@/lib/data/device-groups';
import { getRule } from '@/lib/data/rules';
import { ruleIdSchema } from '@/lib/validation/rule';
import { RuleWizard } from '../../_components/wizard/rule-wizard';

type Props = { params: Promise<{ ruleId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('rules.wizard');
  return { title: t('editTitle') };
}

export default async function EditRulePage({ params }: Props) {
  const session = await requirePortalUser();
  if (!session.can('rules.update')) notFound();
  // A malformed id is as unknown as a missing one (and must not reach the uuid column).
  const parsed = ruleIdSchema.safeParse({ id: (await params).ruleId });
  if (!parsed.success) notFound();
  const [rule, deviceGroups] = await Promise.all([
    getRule(session.ctx, parsed.data.id),
    listDeviceGroupOptions(session.ctx),
  ]);
  if (!rule) notFound();
  // A rule that also covers groups the user doesn't manage is read-only to them (its other groups are not
  // even named here, so a save would drop them): show it in the list, where its side pane says why.
  if (!rule.canManage) redirect(`${NAV_LINKS.incidents}?rule=${encodeURIComponent(rule.id)}`);

  return (
    <RuleWizard
      mode="edit"
      ruleId={rule.id}
      initialValues={rule.values}
      deviceGroups={deviceGroups}
      canChooseAllDeviceGroups={scopeFor(session.actor, 'rules.create').all}
      defaultLanguage={session.tenant.defaultLanguage}
      canSendTestEmail={session.can('rules.sendTestEmail')}
    />
  );
}
