'use client';

import { useTransition, type MouseEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Body1, Link, makeStyles, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import type { DeliveryLogEntry } from '@/lib/data/deliveries';
import type { DeliveryLogFilter } from '@/lib/validation/delivery-log';
import { DeliveryFilters } from './delivery-filters';
import { DeliveryGrid } from './delivery-grid';
import { deliveryLogHref } from './log-url';

export type DeliveryLogViewProps = {
  entries: DeliveryLogEntry[];
  nextCursor: string | null;
  filter: DeliveryLogFilter;
  rules: { id: string; name: string }[];
};

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '24px' },
  empty: { paddingBlock: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 },
  pager: { display: 'flex', gap: tokens.spacingHorizontalL },
});

// The delivery log: filters (kept in the URL), one page of deliveries, and links to older pages.
export function DeliveryLogView({ entries, nextCursor, filter, rules }: DeliveryLogViewProps) {
  const t = useTranslations('deliveries');
  const common = useTranslations('common');
  const styles = useStyles();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const navigate = (href: string) => startTransition(() => router.push(href));
  // Plain links that still work without JavaScript, or opened in a new tab; a plain click stays in the app.
  const follow = (href: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  const { cursor, ...filters } = filter;
  const filtered = Object.values(filters).some(Boolean);
  const olderHref = nextCursor ? deliveryLogHref({ ...filter, cursor: nextCursor }) : null;
  const newestHref = cursor ? deliveryLogHref(filters) : null;

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1 className={styles.description}>{t('description')}</Body1>
      <DeliveryFilters filter={filter} rules={rules} onApply={navigate} />
      <div className={styles.bar}>
        <Text aria-live="polite">{t('shown', { count: entries.length })}</Text>
        {pending ? <Spinner size="extra-tiny" label={common('loading')} /> : null}
      </div>
      {entries.length === 0 ? (
        <Text className={styles.empty}>{filtered ? t('emptyFiltered') : t('empty')}</Text>
      ) : (
        <DeliveryGrid entries={entries} />
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
