import 'server-only';
import { auditLogCsv, auditLogFileName } from '@/lib/audit-log/csv';
import { describeEntry } from '@/lib/audit-log/describe';
import { describeContext } from '@/lib/audit-log/translator';
import { auditLogReach } from '@/lib/auth/audit-log-reach';
import { getPortalUser } from '@/lib/auth/session';
import { exportAuditLog } from '@/lib/data/audit-log';
import { LOCALE_COOKIE, resolveLanguage, type Language } from '@/lib/i18n/languages';
import { auditLogFilterFromParams } from '@/lib/validation/audit-log';

// GET /settings/audit-log/export?<the page's filters>: the audit log as CSV, for the signed-in user, with the
// same filters and the same visibility as the page. The session is checked against the database here
// (the proxy's cookie check is not authorization).
export async function handleAuditLogExport(request: Request): Promise<Response> {
  const session = await getPortalUser();
  if (!session) return problem(401, 'unauthenticated', 'Sign in to export the audit log.');
  const reach = auditLogReach(session.actor, session.tenant.permissionsModel);
  if (reach.kind === 'none') return problem(403, 'forbidden', 'Your role does not include the audit log.');

  const locale = localeOf(request, session.user.language);
  const { filter, errors } = auditLogFilterFromParams(new URL(request.url).searchParams);
  const fields = Object.entries(errors);
  if (fields.length > 0) {
    const { t } = describeContext(locale, {});
    return Response.json(
      {
        error: 'invalidFilter',
        message: t('auditLog.errors.title'),
        fields: Object.fromEntries(fields.map(([field, key]) => [field, t(`auditLog.errors.${key}`)])),
      },
      { status: 400, headers: { 'cache-control': 'no-store' } },
    );
  }

  const log = await exportAuditLog(session.ctx, filter);
  const ctx = describeContext(locale, log.deviceGroupNames);
  const body = auditLogCsv(log.entries.map((entry) => describeEntry(entry, ctx)), ctx.t);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${auditLogFileName(new Date())}"`,
      'cache-control': 'no-store',
      // What the file leaves out: entries the user may not see (counted, never named), and any beyond the cap.
      'x-audit-log-hidden-entries': String(log.hiddenCount),
      'x-audit-log-truncated': String(log.truncated),
    },
  });
}

// The language the portal is shown in (its cookie), else the user's own.
function localeOf(request: Request, fallback: Language): Language {
  const cookie = request.headers.get('cookie') ?? '';
  const match = cookie.split(';').map((part) => part.trim().split('=')).find(([name]) => name === LOCALE_COOKIE);
  return match ? resolveLanguage(decodeURIComponent(match[1] ?? '')) : fallback;
}

function problem(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: { 'cache-control': 'no-store' } });
}
