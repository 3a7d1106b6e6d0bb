'use client';

import type { FormEvent } from 'react';
import { useUrlFilterValues } from '@/components/form/use-url-filter-values';
import { useTranslations } from 'next-intl';
import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { DismissRegular, FilterRegular } from '@fluentui/react-icons';
import { DELIVERY_STATUSES, type DeliveryLogFilter } from '@/lib/validation/delivery-log';
import { DELIVERIES_PATH, deliveryLogHref } from './log-url';

export type DeliveryFiltersProps = {
  filter: DeliveryLogFilter;
  rules: { id: string; name: string }[];
  // Navigates to the log with these filters (and no cursor: a new filter starts at the newest entry).
  onApply: (href: string) => void;
};

// silenceId comes only from a silence's "View in delivery log" link, delivery only from a held, coalesced
// or digest entry's link: both are kept while other filters change.
type Values = { status: string; ruleId: string; incident: string; recipient: string; silenceId: string; delivery: string };

const valuesOf = (filter: DeliveryLogFilter): Values => ({
  status: filter.status ?? '',
  ruleId: filter.ruleId ?? '',
  incident: filter.incident ?? '',
  recipient: filter.recipient ?? '',
  silenceId: filter.silenceId ?? '',
  delivery: filter.delivery ?? '',
});

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  select: { minWidth: '160px' },
  text: { minWidth: '200px' },
});

// A GET form: without JavaScript it reloads the page with the filters in the query string; with it, the
// dropdowns apply at once and the text filters on Enter or "Apply filters", through client navigation.
export function DeliveryFilters({ filter, rules, onApply }: DeliveryFiltersProps) {
  const t = useTranslations('deliveries.filters');
  const statuses = useTranslations('deliveries.status');
  const styles = useStyles();
  const [values, setValues] = useUrlFilterValues(filter, deliveryLogHref, valuesOf);
  // A rule deleted since: still filterable from a bookmarked link, shown by its id.
  const ruleOptions =
    filter.ruleId && !rules.some((rule) => rule.id === filter.ruleId) ? [...rules, { id: filter.ruleId, name: filter.ruleId }] : rules;

  const apply = (next: Values) =>
    onApply(
      deliveryLogHref({
        status: (DELIVERY_STATUSES as readonly string[]).includes(next.status)
          ? (next.status as DeliveryLogFilter['status'])
          : undefined,
        ruleId: next.ruleId || undefined,
        incident: next.incident.trim() || undefined,
        recipient: next.recipient.trim() || undefined,
        silenceId: next.silenceId || undefined,
        delivery: next.delivery || undefined,
      }),
    );
  const choose = (key: 'status' | 'ruleId', value: string) => {
    const next = { ...values, [key]: value };
    setValues(next);
    apply(next);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(values);
  };
  const filtered = Object.values(values).some(Boolean);

  return (
    <form method="get" action={DELIVERIES_PATH} onSubmit={onSubmit} role="search" aria-label={t('label')} className={styles.bar}>
      {values.silenceId ? <input type="hidden" name="silenceId" value={values.silenceId} /> : null}
      {values.delivery ? <input type="hidden" name="delivery" value={values.delivery} /> : null}
      <Field label={t('status')} className={styles.select}>
        <Select name="status" value={values.status} onChange={(_event, data) => choose('status', data.value)}>
          <option value="">{t('allStatuses')}</option>
          {DELIVERY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statuses(status)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('rule')} className={styles.select}>
        <Select name="ruleId" value={values.ruleId} onChange={(_event, data) => choose('ruleId', data.value)}>
          <option value="">{t('allRules')}</option>
          {ruleOptions.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('incident')} className={styles.text}>
        <Input
          name="incident"
          type="search"
          value={values.incident}
          placeholder={t('incidentPlaceholder')}
          maxLength={200}
          onChange={(_event, data) => setValues({ ...values, incident: data.value })}
        />
      </Field>
      <Field label={t('recipient')} className={styles.text}>
        <Input
          name="recipient"
          type="search"
          value={values.recipient}
          placeholder={t('recipientPlaceholder')}
          maxLength={254}
          onChange={(_event, data) => setValues({ ...values, recipient: data.value })}
        />
      </Field>
      <Button type="submit" appearance="primary" icon={<FilterRegular />}>
        {t('apply')}
      </Button>
      {filtered ? (
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          onClick={() => {
            const cleared = valuesOf({});
            setValues(cleared);
            apply(cleared);
          }}
        >
          {t('clear')}
        </Button>
      ) : null}
    </form>
  );
}
