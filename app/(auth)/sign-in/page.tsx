import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getPortalUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { SignInForm } from './sign-in-form';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auth.signIn');
  return { title: t('pageTitle') };
}

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getPortalUser()) redirect(callbackUrl ?? '/');
  return <SignInForm callbackUrl={callbackUrl} />;
}
