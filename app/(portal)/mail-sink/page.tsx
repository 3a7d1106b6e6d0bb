import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requirePortalUser } from '@/lib/auth/session';
import { listSinkEmails } from '@/lib/mail-sink/store';
import { canViewMailSink } from '@/lib/mail-sink/access';
import { MailSinkView } from './mail-sink-view';

const PAGE_SIZE = 50;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('mailSink');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The local mail sink: what this tenant's deliveries "sent" while no RESEND_API_KEY is configured, newest first.
// ?before=<id> shows the page of emails older than that one.
export default async function MailSinkPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  if (!canViewMailSink(session)) notFound();
  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && raw ? raw : undefined;
  // One more than shown: whether an older page exists, without a count query.
  const rows = await listSinkEmails(session.ctx.tenantId, { limit: PAGE_SIZE + 1, before });
  const emails = rows.slice(0, PAGE_SIZE);
  const olderCursor = rows.length > PAGE_SIZE ? (emails.at(-1)?.id ?? null) : null;

  return <MailSinkView emails={emails} olderCursor={olderCursor} isOlderPage={before !== undefined} />;
}
