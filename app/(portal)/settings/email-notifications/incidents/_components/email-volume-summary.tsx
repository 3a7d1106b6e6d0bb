'use client';

import { useFormatter, useTranslations } from 'next-intl';
import type { Coalescing, RecipientCapInput } from '@/lib/validation/email-volume';
import { SEVERITIES_DISPLAY_ORDER, useCatalogLabels } from './labels';

// "Wait for more changes" and "Limit emails per recipient" in words, for the review step and the rule's
// details pane: "Up to 5 minutes", "Per day: High 4, Medium 2 · Digest of held emails at 08:00".
export function useEmailVolumeWords() {
  const t = useTranslations('emailVolume.summary');
  const labels = useCatalogLabels();
  const format = useFormatter();
  return {
    coalescing(value: Coalescing | undefined): string {
      const minutes = value?.windowMinutes ?? 0;
      if (!(minutes > 0)) return t('coalesceOff');
      return value?.highSeverityBypass ? t('coalesceOnBypass', { minutes }) : t('coalesceOn', { minutes });
    },
    cap(value: RecipientCapInput | null | undefined): string[] {
      if (!value) return [t('capOff')];
      const limits = format.list(
        SEVERITIES_DISPLAY_ORDER.flatMap((severity) => {
          const limit = value.limits[severity];
          return typeof limit === 'number' ? [t('limit', { severity: labels.severity(severity), limit })] : [];
        }),
        { type: 'unit' },
      );
      return [
        t(value.period === 'hour' ? 'capHour' : 'capDay', { limits }),
        value.digestAt ? t('digestAtTime', { time: value.digestAt }) : t('digestAtEnd'),
      ];
    },
  };
}
