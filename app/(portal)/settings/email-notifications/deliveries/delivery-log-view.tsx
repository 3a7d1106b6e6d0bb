'use client';

import { useAppNavigation } from '@/components/navigation/use-app-navigation';
import { CursorPager } from '@/components/navigation/cursor-pager';
import { useTranslations } from 'next-intl';
import { Body1, makeStyles, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
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
});

// The delivery log: filters (kept in the URL), one page of deliveries, and links to older pages.
export function DeliveryLogView({ entries, nextCursor, filter, rules }: DeliveryLogViewProps) {
  const t = useTranslations('deliveries');
  const common = useTranslations('common');
  const styles = useStyles();
  const { pending, navigate, follow } = useAppNavigation();

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
      <CursorPager
        newestHref={newestHref}
        olderHref={olderHref}
        labels={{ pager: t('pager'), newest: t('newest'), older: t('older') }}
        follow={follow}
      />
    </div>
  );
}
