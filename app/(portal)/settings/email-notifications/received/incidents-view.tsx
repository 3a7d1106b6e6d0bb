'use client';

import { useTransition, type MouseEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Body1, Link, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
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
  pager: { display: 'flex', gap: tokens.spacingHorizontalL },
});

// Incidents received: filters (kept in the URL), one page of incidents, links to older pages.
export function IncidentsView({ entries, nextCursor, hiddenCount, filter, groups }: IncidentsViewProps) {
  const t = useTranslations('incidents.list');
  const common = useTranslations('common');
  const dryRun = useTranslations('incidents.dryRun');
  const styles = useStyles();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const navigate = (href: string) => startTransition(() => router.push(href));
  // Plain links that work without JavaScript or in a new tab; a plain click stays in the app.
  const follow = (href: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
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
      {olderHref || newestHref ? (
        <nav className={styles.pager} aria-label={t('pager')}>
          {newestHref ? (
            <Link href={newestHref} onClick={follow(newestHref)}>
              {t('newest')}
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} onClick={follow(olderHref)}>
              {t('older')}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
