'use client';

import { useCallback, useState } from 'react';
import { useAppNavigation } from '@/components/navigation/use-app-navigation';
import { CursorPager } from '@/components/navigation/cursor-pager';
import { useTranslations } from 'next-intl';
import { Body1, Button, Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { DescribedEntry } from '@/lib/audit-log/describe';
import type { AuditLogFilter, AuditTargetType } from '@/lib/validation/audit-log';
import { AuditEntryDrawer } from './audit-entry-drawer';
import { AuditLogFilters } from './audit-log-filters';
import { AuditLogGrid } from './audit-log-grid';
import { auditLogExportHref, auditLogHref } from './log-url';

export type AuditLogViewProps = {
  entries: DescribedEntry[];
  nextCursor: string | null;
  total: number;
  hiddenCount: number;
  filter: AuditLogFilter;
  // Filters of the URL that were ignored, in words.
  problems: string[];
  // The reader sees only the entries about the rules of their device groups.
  scoped: boolean;
};

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '24px' },
  spacer: { flexGrow: 1 },
  empty: { paddingBlock: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 },
  problems: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

// The audit log: filters (kept in the URL), one page of entries, links to older pages, the CSV export of
// everything the filters match, and a side pane with the field-by-field changes of an entry.
export function AuditLogView({ entries, nextCursor, total, hiddenCount, filter, problems, scoped }: AuditLogViewProps) {
  const t = useTranslations('auditLog');
  const common = useTranslations('common');
  const styles = useStyles();
  const { pending, navigate, follow } = useAppNavigation();
  const [selected, setSelected] = useState<DescribedEntry | null>(null);

  const targetHref = useCallback(
    (entry: DescribedEntry) => auditLogHref({ targetType: entry.targetTypeKey as AuditTargetType, targetId: entry.targetId }),
    [],
  );

  const { cursor, ...filters } = filter;
  const filtered = Object.values(filters).some(Boolean);
  const olderHref = nextCursor ? auditLogHref({ ...filter, cursor: nextCursor }) : null;
  const newestHref = cursor ? auditLogHref(filters) : null;
  const allTargetsHref = auditLogHref({ ...filters, targetType: undefined, targetId: undefined });
  const target = filter.targetId ? entries.find((entry) => entry.targetId === filter.targetId) : undefined;
  const targetType = t(`targetTypesLower.${filter.targetType ?? target?.targetTypeKey ?? 'rule'}`);

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1 className={styles.description}>{t('description')}</Body1>
      {scoped ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('scopedNotice')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {problems.length > 0 ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>{t('errors.title')}</MessageBarTitle>
            <ul className={styles.problems}>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <AuditLogFilters filter={filter} onApply={navigate} />
      {filter.targetId ? (
        <MessageBar intent="info">
          <MessageBarBody>
            {target
              ? t('filters.targetId', { type: targetType, name: target.targetName })
              : t('filters.targetIdUnnamed', { type: targetType, id: filter.targetId })}{' '}
            <Link href={allTargetsHref} onClick={follow(allTargetsHref)}>
              {t('filters.allOfTarget')}
            </Link>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.bar}>
        <Text aria-live="polite">{t('count', { count: total })}</Text>
        {pending ? <Spinner size="extra-tiny" label={common('loading')} /> : null}
        <span className={styles.spacer} />
        {/* A plain download link: the browser saves the file; the route checks the session and filters again. */}
        <Button as="a" href={auditLogExportHref(filter)} download icon={<ArrowDownloadRegular />}>
          {t('export')}
        </Button>
      </div>
      {hiddenCount > 0 ? <Text>{t('hidden', { count: hiddenCount })}</Text> : null}
      {entries.length === 0 ? (
        <Text className={styles.empty}>{filtered ? t('emptyFiltered') : t('empty')}</Text>
      ) : (
        <AuditLogGrid entries={entries} onShowChanges={setSelected} targetHref={targetHref} onFollow={follow} />
      )}
      <CursorPager
        newestHref={newestHref}
        olderHref={olderHref}
        labels={{ pager: t('pager'), newest: t('newest'), older: t('older') }}
        follow={follow}
      />
      <AuditEntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </div>
  );
}
