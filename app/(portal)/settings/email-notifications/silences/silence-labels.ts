'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME_UTC } from '@/components/date-formats';
import type { SilenceView } from '@/lib/data/silences';
import type { AlertSeverity, DetectionSource } from '@/lib/rules/catalog';
import { WEEKDAYS } from '@/lib/validation/silence';
import { useCatalogLabels } from '../incidents/_components/labels';

// Monday first, as calendars in both languages show a week.
export const WEEKDAY_ORDER = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

// useSilenceLabels(timeZone): a silence's times (on the tenant's wall clock, saying which) and criteria in words.
export function useSilenceLabels(timeZone: string) {
  const t = useTranslations('silences');
  const format = useFormatter();
  const labels = useCatalogLabels();
  return useMemo(() => {
    const date = (iso: string) => format.dateTime(new Date(iso), { ...DATE_TIME_UTC, timeZone });
    const list = (items: string[]) => format.list(items, { type: 'disjunction' });
    return {
      date,
      period: (silence: SilenceView) =>
        t('period', { start: date(silence.startsAt), end: date(silence.endedAt && silence.endedAt < silence.endsAt ? silence.endedAt : silence.endsAt) }),
      recurrence: (silence: SilenceView) =>
        silence.recurrence
          ? t('recurrence', {
              days: format.list(WEEKDAY_ORDER.filter((day) => silence.recurrence!.weekdays.includes(Number(day))).map((day) => t(`weekdays.${day}`)), { type: 'conjunction' }),
              start: silence.recurrence.start,
              end: silence.recurrence.end,
            })
          : null,
      // One line per criterion it sets; "every incident email" when it sets none.
      criteria: (silence: SilenceView): string[] => {
        const lines: string[] = [];
        const groups = silence.deviceGroups.map((group) => group.name);
        if (silence.hiddenDeviceGroupCount > 0) groups.push(t('otherGroups', { count: silence.hiddenDeviceGroupCount }));
        lines.push(silence.allDeviceGroups ? t('criteria.allGroups') : t('criteria.groups', { groups: list(groups) }));
        if (silence.severities.length > 0) lines.push(t('criteria.severities', { severities: labels.severities(silence.severities as AlertSeverity[]) }));
        if (silence.detectionSources.length > 0) {
          lines.push(t('criteria.sources', { sources: list(silence.detectionSources.map((value) => labels.detection(value as DetectionSource))) }));
        }
        if (silence.titleContains) lines.push(t('criteria.title', { text: silence.titleContains }));
        const rules = silence.rules.map((rule) => rule.name);
        if (silence.hiddenRuleCount > 0) rules.push(t('otherRules', { count: silence.hiddenRuleCount }));
        if (rules.length > 0) lines.push(t('criteria.rules', { rules: list(rules) }));
        return lines;
      },
    };
  }, [t, format, labels, timeZone]);
}
