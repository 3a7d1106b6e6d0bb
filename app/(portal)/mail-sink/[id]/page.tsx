import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { getSinkEmail } from '@/lib/mail-sink/store';
import { canViewMailSink } from '@/lib/mail-sink/access';
import { SinkEmailDetail } from './sink-email-detail';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailSink.detail');
  return { title: t('title') };
}

// One email of the local mail sink: its envelope, its plain text, and its HTML in a sandboxed frame.
export default async function SinkEmailPage({ params }: Props) {
  const session = await requirePortalUser();
  if (!canViewMailSink(session)) notFound();
  // getSinkEmail answers null for another tenant's email and a malformed id as for an unknown one.
  const email = await getSinkEmail(session.ctx.tenantId, (await params).id);
  if (!email) notFound();
  const { headers: _headers, ...shown } = email;
  return <SinkEmailDetail email={shown} />;
}
