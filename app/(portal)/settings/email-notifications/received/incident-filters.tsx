'use client';

import type { FormEvent } from 'react';
import { useUrlFilterValues } from '@/components/form/use-url-filter-values';
import { useTranslations } from 'next-intl';
import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { DismissRegular, FilterRegular } from '@fluentui/react-icons';
import {
  EMAILED_FILTERS,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  incidentListFilterSchema,
  type IncidentListFilter,
} from '@/lib/validation/incident-list';
import { incidentListHref, RECEIVED_PATH } from './list-url';

export type IncidentFiltersProps = {
  filter: IncidentListFilter;
  groups: { id: string; name: string }[];
  // Navigates to the list with these filters (and no cursor: a new filter starts at the newest incident).
  onApply: (href: string) => void;
};

type Values = { severity: string; status: string; deviceGroupId: string; from: string; to: string; emailed: string };
type Choice = 'severity' | 'status' | 'deviceGroupId' | 'emailed';

const valuesOf = (filter: IncidentListFilter): Values => ({
  severity: filter.severity ?? '',
  status: filter.status ?? '',
  deviceGroupId: filter.deviceGroupId ?? '',
  from: filter.from ?? '',
  to: filter.to ?? '',
  emailed: filter.emailed ?? '',
});

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  select: { minWidth: '150px' },
});

// A GET form: without JavaScript it reloads the page with the filters in the query string; with it, the
// dropdowns apply at once and the dates on Enter or "Apply filters", through client navigation.
export function IncidentFilters({ filter, groups, onApply }: IncidentFiltersProps) {
  const t = useTranslations('incidents.filters');
  const labels = useTranslations('incidents');
  const styles = useStyles();
  const [values, setValues] = useUrlFilterValues(filter, incidentListHref, valuesOf);

  // The same schema as the page's: what it would drop is not put in the URL.
  const apply = (next: Values) => {
    const { cursor: _cursor, ...parsed } = incidentListFilterSchema.parse(
      Object.fromEntries(Object.entries(next).map(([key, value]) => [key, value || undefined])),
    );
    onApply(incidentListHref(parsed));
  };
  const choose = (key: Choice, value: string) => {
    const next = { ...values, [key]: value };
    setValues(next);
    apply(next);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(values);
  };
  const filtered = Object.values(values).some(Boolean);
  const select = (key: Choice, label: string, all: string, options: { value: string; label: string }[]) => (
    <Field label={label} className={styles.select}>
      <Select name={key} value={values[key]} onChange={(_event, data) => choose(key, data.value)}>
        <option value="">{all}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );

  return (
    <form method="get" action={RECEIVED_PATH} onSubmit={onSubmit} role="search" aria-label={t('label')} className={styles.bar}>
      {select('severity', t('severity'), t('allSeverities'), INCIDENT_SEVERITIES.map((value) => ({ value, label: labels(`severity.${value}`) })))}
      {select('status', t('status'), t('allStatuses'), INCIDENT_STATUSES.map((value) => ({ value, label: labels(`status.${value}`) })))}
      {select('deviceGroupId', t('deviceGroup'), t('allDeviceGroups'), groups.map((group) => ({ value: group.id, label: group.name })))}
      {select('emailed', t('emailed'), t('emailedAny'), EMAILED_FILTERS.map((value) => ({ value, label: t(value === 'yes' ? 'emailedYes' : 'emailedNo') })))}
      <Field label={t('from')}>
        <Input name="from" type="date" value={values.from} onChange={(_event, data) => setValues({ ...values, from: data.value })} />
      </Field>
      <Field label={t('to')}>
        <Input name="to" type="date" value={values.to} onChange={(_event, data) => setValues({ ...values, to: data.value })} />
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
