'use client';

import { useMemo } from 'react';
import { useTranslations } from 'next-intl';
import type { BadgeProps } from '@fluentui/react-components';

// Display names of incident and alert severities and statuses. Graph's enums grow without notice, and
// ingest keeps values it does not know: those are shown as sent rather than hidden.
export function useIncidentLabels() {
  const t = useTranslations('incidents');
  return useMemo(
    () => ({
      severity: (value: string) => (t.has(`severity.${value}`) ? t(`severity.${value}`) : value),
      status: (value: string) => (t.has(`status.${value}`) ? t(`status.${value}`) : value),
    }),
    [t],
  );
}

export const SEVERITY_COLOR: Record<string, BadgeProps['color']> = {
  high: 'danger',
  medium: 'warning',
  low: 'informative',
  informational: 'subtle',
};
