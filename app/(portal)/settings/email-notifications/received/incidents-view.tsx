'use client';

import { useAppNavigation } from '@/components/navigation/use-app-navigation';
import { CursorPager } from '@/components/navigation/cursor-pager';
import { useTranslations } from 'next-intl';
import { Body1, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import type { IncidentListEntry } from '@/lib/data/incidents';
import type { IncidentListFilter } from '@/lib/validation/incident-list';
import { AppLink } from '@/components/navigation/app-link';
import { DRY_RUN_PATH } from '../dry-run/sample';
import { IncidentFilters } from './incident-filters';
import { IncidentGrid } from './incident-grid';
import { incidentListHref } from './list-url';

export type IncidentsViewProps = {
  entries: IncidentListEntry[];
  nextCursor: string | null;
  hiddenCount: number;
  filter: IncidentListFilter;
  groups: { id: string; name: string }[];
};

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '24px' },
  empty: { paddingBlock: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 },
});

// Incidents received: filters (kept in the URL), one page of incidents, links to older pages.
export function IncidentsView({ entries, nextCursor, hiddenCount, filter, groups }: IncidentsViewProps) {
  const t = useTranslations('incidents.list');
  const common = useTranslations('common');
  const dryRun = useTranslations('incidents.dryRun');
  const styles = useStyles();
  const { pending, navigate, follow } = useAppNavigation();

  const { cursor, ...filters } = filter;
  const filtered = Object.values(filters).some(Boolean);
  const olderHref = nextCursor ? incidentListHref({ ...filter, cursor: nextCursor }) : null;
  const newestHref = cursor ? incidentListHref(filters) : null;

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1 className={styles.description}>{t('description')}</Body1>
      <AppLink href={DRY_RUN_PATH}>{dryRun('title')}</AppLink>
      <IncidentFilters filter={filter} groups={groups} onApply={navigate} />
      {hiddenCount > 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('hidden', { count: hiddenCount })}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.bar}>
        <Text aria-live="polite">{t('shown', { count: entries.length })}</Text>
        {pending ? <Spinner size="extra-tiny" label={common('loading')} /> : null}
      </div>
      {entries.length === 0 ? (
        <Text className={styles.empty}>{filtered ? t('emptyFiltered') : t('empty')}</Text>
      ) : (
        <IncidentGrid entries={entries} />
      )}
      <CursorPager
        newestHref={newestHref}
        olderHref={olderHref}
        labels={{ pager: t('pager'), newest: t('newest'), older: t('older') }}
        follow={follow}
      />
    </div>
  );
}
