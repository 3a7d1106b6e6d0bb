'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { useValidationMessage } from '@/components/form/use-error-message';
import {
  ALERT_SEVERITIES,
  type AlertSeverity,
  type DetectionSource,
  type ServiceSource,
} from '@/lib/rules/catalog';
import type { Language } from '@/lib/i18n/languages';

export const RULES_PATH = '/settings/email-notifications/incidents';

// Defender lists severities from the most to the least severe; values are stored in catalog order.
export const SEVERITIES_DISPLAY_ORDER = [...ALERT_SEVERITIES].reverse() as AlertSeverity[];

export function sortSeverities(values: readonly AlertSeverity[]): AlertSeverity[] {
  return ALERT_SEVERITIES.filter((severity) => values.includes(severity));
}

// useCatalogLabels(): display names of the catalog's values (severities, sources, languages) in the UI language.
export function useCatalogLabels() {
  const sources = useTranslations('sources');
  const common = useTranslations('common');
  const format = useFormatter();
  return useMemo(() => {
    const severity = (value: AlertSeverity) => sources(`severity.${value}`);
    return {
      severity,
      severities: (values: readonly AlertSeverity[]) =>
        format.list(
          SEVERITIES_DISPLAY_ORDER.filter((value) => values.includes(value)).map(severity),
          { type: 'unit' },
        ),
      service: (value: ServiceSource) => sources(`service.${value}`),
      detection: (value: DetectionSource) => sources(`detection.${value}`),
      language: (value: Language) => common(`languages.${value}`),
    };
  }, [sources, common, format]);
}

// useFieldMessage(): a field's error (an i18n key) as text; zod's own English messages become `validation.invalid`.
export function useFieldMessage(): (key: string | undefined) => string | undefined {
  const validation = useTranslations('validation');
  const errors = useTranslations('errors');
  const message = useValidationMessage();
  return useMemo(
    () => (key: string | undefined) => {
      if (!key) return undefined;
      return validation.has(key) || errors.has(key) ? message(key) : validation('invalid');
    },
    [validation, errors, message],
  );
}

// useWhenBy(): "<date> by <name>" (or just the date when that user no longer exists).
export function useWhenBy(): (iso: string, name: string | null) => string {
  const t = useTranslations('rules.common');
  const format = useFormatter();
  return useMemo(
    () => (iso: string, name: string | null) => {
      const date = format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
      return name ? t('dateBy', { date, name }) : date;
    },
    [t, format],
  );
}
