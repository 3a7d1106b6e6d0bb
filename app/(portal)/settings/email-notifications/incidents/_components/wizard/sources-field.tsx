'use client';

import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useController, useFormContext, useWatch, type FieldError } from 'react-hook-form';
import { Field, makeStyles, Radio, RadioGroup, Text, tokens } from '@fluentui/react-components';
import {
  ALERT_SEVERITIES,
  SERVICE_SOURCE_VALUES,
  type AlertSeverity,
  type DetectionSource,
  type ServiceSource,
} from '@/lib/rules/catalog';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { useFieldMessage } from '../labels';
import { ServiceSourceItem, type SelectedSource } from './service-source-item';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
});

type SourceErrors = FieldError & {
  root?: FieldError;
  [index: number]: { message?: string; severities?: FieldError; detectionSource?: FieldError } | undefined;
};

// "Sources": all sources, or chosen service sources and detection sources, each with its own severities.
export function SourcesField() {
  const t = useTranslations('rules.settings');
  const styles = useStyles();
  const fieldMessage = useFieldMessage();
  const { control, clearErrors, formState } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const scope = useController({ control, name: 'sourceScope' });
  const { field } = useController({ control, name: 'sources' });
  const ruleSeverities = useWatch({ control, name: 'severities' });
  const sources = field.value;
  const errors = formState.errors.sources as SourceErrors | undefined;
  const listError = fieldMessage(errors?.root?.message ?? errors?.message);
  const errorId = useId();

  // Services with a chosen detection source start open, so an edited rule shows what it selects.
  const [expanded, setExpanded] = useState<ReadonlySet<ServiceSource>>(
    () => new Set(sources.filter((source) => source.detectionSource !== null).map((source) => source.serviceSource)),
  );

  function findIndex(service: ServiceSource, detection: DetectionSource | null) {
    return sources.findIndex((source) => source.serviceSource === service && source.detectionSource === detection);
  }

  function selected(service: ServiceSource, detection: DetectionSource | null): SelectedSource | undefined {
    const index = findIndex(service, detection);
    if (index === -1) return undefined;
    const entryErrors = errors?.[index];
    const key = entryErrors?.severities?.message ?? entryErrors?.detectionSource?.message ?? entryErrors?.message;
    return { index, severities: sources[index]!.severities, error: fieldMessage(key) };
  }

  function select(service: ServiceSource, detection: DetectionSource | null, checked: boolean) {
    // A new source starts with the rule's own severities (all of them while none is chosen yet).
    const severities: AlertSeverity[] = ruleSeverities.length > 0 ? [...ruleSeverities] : [...ALERT_SEVERITIES];
    field.onChange(
      checked
        ? [...sources, { serviceSource: service, detectionSource: detection, severities }]
        : sources.filter((source) => !(source.serviceSource === service && source.detectionSource === detection)),
    );
    // Indices shift when a source goes: old per-source messages would point at the wrong source.
    clearErrors('sources');
  }

  function setSeverities(index: number, severities: AlertSeverity[]) {
    field.onChange(sources.map((source, i) => (i === index ? { ...source, severities } : source)));
  }

  return (
    <div className={styles.stack}>
      <Field label={t('sources')}>
        <RadioGroup
          name={scope.field.name}
          value={scope.field.value}
          onChange={(_event, data) => {
            scope.field.onChange(data.value);
            if (data.value === 'all') clearErrors('sources');
          }}
        >
          <Radio ref={scope.field.ref} value="all" label={t('allSources')} />
          <Radio value="selected" label={t('specificSources')} />
        </RadioGroup>
      </Field>
      {scope.field.value === 'selected' ? (
        <div role="group" aria-label={t('serviceSources')} aria-describedby={listError ? errorId : undefined}>
          <ul className={styles.list}>
            {SERVICE_SOURCE_VALUES.map((service) => (
              <ServiceSourceItem
                key={service}
                service={service}
                expanded={expanded.has(service)}
                onExpandedChange={(open) =>
                  setExpanded((current) => {
                    const next = new Set(current);
                    if (open) next.add(service);
                    else next.delete(service);
                    return next;
                  })
                }
                selected={(detection) => selected(service, detection)}
                onSelect={(detection, checked) => select(service, detection, checked)}
                onSeverities={setSeverities}
                onBlur={field.onBlur}
              />
            ))}
          </ul>
          {listError ? (
            <Text id={errorId} role="alert" className={styles.error}>
              {listError}
            </Text>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
