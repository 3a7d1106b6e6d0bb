'use client';

import type { FormEvent } from 'react';
import { useUrlFilterValues } from '@/components/form/use-url-filter-values';
import { useTranslations } from 'next-intl';
import { Button, Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { DismissRegular, FilterRegular } from '@fluentui/react-icons';
import { AUDIT_ACTOR_MAX, AUDIT_TARGET_TYPES, type AuditLogFilter, type AuditTargetType } from '@/lib/validation/audit-log';
import { AUDIT_LOG_PATH, auditLogHref } from './log-url';

export type AuditLogFiltersProps = {
  filter: AuditLogFilter;
  // Navigates to the log with these filters (and no cursor: a new filter starts at the newest entry).
  onApply: (href: string) => void;
};

type Values = { targetType: string; actor: string; from: string; to: string };

const valuesOf = (filter: AuditLogFilter): Values => ({
  targetType: filter.targetType ?? '',
  actor: filter.actor ?? '',
  from: filter.from ?? '',
  to: filter.to ?? '',
});

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  select: { minWidth: '170px' },
  text: { minWidth: '220px' },
  date: { minWidth: '150px' },
});

// A GET form: without JavaScript it reloads the page with the filters in the query string; with it, the
// target dropdown applies at once and the other filters on Enter or "Apply filters", through client navigation.
// A target id (from "Only changes to …") is kept while the target type stays the same.
export function AuditLogFilters({ filter, onApply }: AuditLogFiltersProps) {
  const t = useTranslations('auditLog.filters');
  const types = useTranslations('auditLog.targetTypes');
  const styles = useStyles();
  const [values, setValues] = useUrlFilterValues(filter, auditLogHref, valuesOf);

  const apply = (next: Values) => {
    const targetType = (AUDIT_TARGET_TYPES as readonly string[]).includes(next.targetType) ? (next.targetType as AuditTargetType) : undefined;
    onApply(
      auditLogHref({
        targetType,
        targetId: targetType && targetType === filter.targetType ? filter.targetId : undefined,
        actor: next.actor.trim() || undefined,
        from: next.from || undefined,
        to: next.to || undefined,
      }),
    );
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(values);
  };
  const filtered = Object.values(values).some(Boolean) || Boolean(filter.targetId);

  return (
    <form method="get" action={AUDIT_LOG_PATH} onSubmit={onSubmit} role="search" aria-label={t('label')} className={styles.bar}>
      <Field label={t('targetType')} className={styles.select}>
        <Select
          name="targetType"
          value={values.targetType}
          onChange={(_event, data) => {
            const next = { ...values, targetType: data.value };
            setValues(next);
            apply(next);
          }}
        >
          <option value="">{t('allTargets')}</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {types(type)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('actor')} className={styles.text}>
        <Input
          name="actor"
          type="search"
          value={values.actor}
          placeholder={t('actorPlaceholder')}
          maxLength={AUDIT_ACTOR_MAX}
          onChange={(_event, data) => setValues({ ...values, actor: data.value })}
        />
      </Field>
      <Field label={t('from')} className={styles.date}>
        <Input name="from" type="date" value={values.from} onChange={(_event, data) => setValues({ ...values, from: data.value })} />
      </Field>
      <Field label={t('to')} className={styles.date}>
        <Input name="to" type="date" value={values.to} onChange={(_event, data) => setValues({ ...values, to: data.value })} />
      </Field>
      {/* Without JavaScript the form submits this too, so a target chosen from a row survives "Apply filters". */}
      {filter.targetId ? <input type="hidden" name="targetId" value={filter.targetId} /> : null}
      <Button type="submit" appearance="primary" icon={<FilterRegular />}>
        {t('apply')}
      </Button>
      {filtered ? (
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          onClick={() => {
            setValues(valuesOf({}));
            onApply(AUDIT_LOG_PATH);
          }}
        >
          {t('clear')}
        </Button>
      ) : null}
    </form>
  );
}
