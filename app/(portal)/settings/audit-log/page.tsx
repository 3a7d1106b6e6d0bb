import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { describeEntry } from '@/lib/audit-log/describe';
import { describeContext } from '@/lib/audit-log/translator';
import { auditLogReach } from '@/lib/auth/audit-log-reach';
import { requirePortalUser } from '@/lib/auth/session';
import { listAuditLog } from '@/lib/data/audit-log';
import { resolveLanguage } from '@/lib/i18n/languages';
import { parseAuditLogFilter, type AuditLogFilterField } from '@/lib/validation/audit-log';
import { AuditLogNoAccess } from './audit-log-no-access';
import { AuditLogView } from './audit-log-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('auditLog');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The filters live in the query string, so a filtered log can be bookmarked and shared. Entries are put
// into words here, on the server: device groups the reader may not see never reach the browser.
export default async function AuditLogPage({ searchParams }: Props) {
  const session = await requirePortalUser();
  const reach = auditLogReach(session.actor, session.tenant.permissionsModel);
  if (reach.kind === 'none') return <AuditLogNoAccess />;

  const query = await searchParams;
  const { filter, errors } = parseAuditLogFilter((field) => {
    const value = query[field];
    return Array.isArray(value) ? value[0] : value;
  });
  const log = await listAuditLog(session.ctx, filter);
  const ctx = describeContext(resolveLanguage(await getLocale()), log.deviceGroupNames);
  const t = await getTranslations('auditLog');
  const problems = (Object.entries(errors) as [AuditLogFilterField, string][]).map(([field, key]) =>
    field === 'from' || field === 'to' ? t(`errors.field.${field}`, { message: t(`errors.${key}`) }) : t(`errors.${key}`),
  );

  return (
    <AuditLogView
      entries={log.entries.map((entry) => describeEntry(entry, ctx))}
      nextCursor={log.nextCursor}
      total={log.total}
      hiddenCount={log.hiddenCount}
      filter={filter}
      problems={problems}
      scoped={reach.kind === 'rules'}
    />
  );
}
