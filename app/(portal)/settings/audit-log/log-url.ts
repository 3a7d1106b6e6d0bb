import { NAV_LINKS } from '@/components/app-shell/nav-links';
import { AUDIT_LOG_FILTER_FIELDS, type AuditLogFilter } from '@/lib/validation/audit-log';

export const AUDIT_LOG_PATH = NAV_LINKS.auditLog;
export const AUDIT_LOG_EXPORT_PATH = `${NAV_LINKS.auditLog}/export`;

function query(filter: AuditLogFilter, withCursor: boolean): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_LOG_FILTER_FIELDS) {
    const value = filter[field];
    if (value && (withCursor || field !== 'cursor')) params.set(field, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

// The log's address for a filter; empty filters are left out so links stay short and readable.
export const auditLogHref = (filter: AuditLogFilter) => `${AUDIT_LOG_PATH}${query(filter, true)}`;

// The CSV of everything the filter matches (every page: no cursor).
export const auditLogExportHref = (filter: AuditLogFilter) => `${AUDIT_LOG_EXPORT_PATH}${query(filter, false)}`;
