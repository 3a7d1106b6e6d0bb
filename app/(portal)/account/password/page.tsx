import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { ChangePasswordForm } from './change-password-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('users.account');
  return { title: t('title') };
}

// Every signed-in user may change their own password; the action checks the current one.
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  await requirePortalUser();
  // The action redirects here after a change (see lib/actions/change-own-password.ts).
  const changed = (await searchParams).changed === '1';
  // Keyed, so the fields start empty again after the redirect.
  return <ChangePasswordForm key={String(changed)} changed={changed} />;
}
