import type { DescribedEntry, Translate } from '@/lib/audit-log/describe';

// The audit log as CSV (RFC 4180) for spreadsheets: a UTF-8 byte order mark so Excel reads the accents
// right, CRLF line ends, every cell quoted, and a cell that a spreadsheet would run as a formula (one
// starting with = + - @, or a tab or carriage return that hides such a start) prefixed with ' so it
// stays text: entry values are typed by whoever changed a rule, so a name like =HYPERLINK(…) must not
// become a live formula in an auditor's workbook.

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvDocument(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// One row per entry: when (ISO 8601, UTC), who, what, and every changed field as "Field: before → after"
// lines in one cell, the way the page's diff pane lists them.
export function auditLogCsv(entries: readonly DescribedEntry[], t: Translate): string {
  const none = t('auditLog.none');
  const values = (lines: string[]) => (lines.length > 0 ? lines.join('; ') : none);
  const header = ['time', 'actor', 'action', 'targetType', 'target', 'targetId', 'changes'].map((column) => t(`auditLog.csv.${column}`));
  return csvDocument([
    header,
    ...entries.map((entry) => [
      entry.createdAt,
      entry.actor,
      entry.action,
      entry.targetType,
      entry.targetName,
      entry.targetId,
      entry.changes.map((change) => `${change.field}: ${values(change.before)} → ${values(change.after)}`).join('\n'),
    ]),
  ]);
}

export function auditLogFileName(now: Date): string {
  return `audit-log-${now.toISOString().slice(0, 10)}.csv`;
}
