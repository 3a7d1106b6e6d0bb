import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { signInOptions } from '@/lib/auth/auth';
import { getPortalUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('pageTitle') };
}

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getPortalUser()) redirect(callbackUrl ?? '/');
  // A refused Microsoft sign-in (or another next-auth error) comes back here as ?error=<code>.
  const error = typeof params.error === 'string' ? params.error : undefined;
  return <SignInForm callbackUrl={callbackUrl} options={signInOptions()} error={error} />;
}
