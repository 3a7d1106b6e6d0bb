'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { Button, Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronDown20Regular, ChevronRight20Regular } from '@fluentui/react-icons';
import { SERVICE_SOURCES, type AlertSeverity, type DetectionSource, type ServiceSource } from '@/lib/rules/catalog';
import { useCatalogLabels } from '../labels';
import { SeverityCheckboxGroup } from './severity-checkbox-group';

const useStyles = makeStyles({
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  // Severity checkboxes line up under the source's own checkbox label.
  nested: { paddingInlineStart: '64px' },
  detections: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingInlineStart: '36px',
    paddingBlockEnd: tokens.spacingVerticalS,
    // The class's display would otherwise defeat the `hidden` attribute.
    '&[hidden]': { display: 'none' },
  },
  detectionSeverity: { paddingInlineStart: '32px' },
});

export type SelectedSource = { index: number; severities: AlertSeverity[]; error?: string };

export type ServiceSourceItemProps = {
  service: ServiceSource;
  expanded: boolean;
  onExpandedChange: (expanded: boolean) => void;
  // The selected entry for the whole service (detection null) or one of its detection sources, if any.
  selected: (detection: DetectionSource | null) => SelectedSource | undefined;
  onSelect: (detection: DetectionSource | null, checked: boolean) => void;
  onSeverities: (index: number, severities: AlertSeverity[]) => void;
  onBlur: () => void;
};

// One service source: its checkbox, an expand button revealing its detection sources, and for every
// selected source its own severities.
export function ServiceSourceItem({ service, expanded, onExpandedChange, selected, onSelect, onSeverities, onBlur }: ServiceSourceItemProps) {
  const t = useTranslations('rules.settings');
  const labels = useCatalogLabels();
  const styles = useStyles();
  const detectionsId = useId();
  const serviceName = labels.service(service);
  const whole = selected(null);

  return (
    <li className={styles.item}>
      <div className={styles.row}>
        <Button
          appearance="subtle"
          size="small"
          icon={expanded ? <ChevronDown20Regular /> : <ChevronRight20Regular />}
          aria-label={t('showDetectionSources', { source: serviceName })}
          aria-expanded={expanded}
          aria-controls={detectionsId}
          onClick={() => onExpandedChange(!expanded)}
        />
        <Checkbox
          label={serviceName}
          checked={whole !== undefined}
          onChange={(_event, data) => onSelect(null, data.checked === true)}
          onBlur={onBlur}
        />
      </div>
      {whole ? (
        <div className={styles.nested}>
          <SeverityCheckboxGroup
            label={t('sourceSeverity', { source: serviceName })}
            value={whole.severities}
            onChange={(severities) => onSeverities(whole.index, severities)}
            onBlur={onBlur}
            error={whole.error}
          />
        </div>
      ) : null}
      <div
        id={detectionsId}
        role="group"
        aria-label={t('detectionSources', { source: serviceName })}
        hidden={!expanded}
        className={styles.detections}
      >
        {SERVICE_SOURCES[service].map((detection) => {
          const name = labels.detection(detection);
          const entry = selected(detection);
          return (
            <div key={detection}>
              <Checkbox
                label={name}
                checked={entry !== undefined}
                onChange={(_event, data) => onSelect(detection, data.checked === true)}
                onBlur={onBlur}
              />
              {entry ? (
                <div className={styles.detectionSeverity}>
                  <SeverityCheckboxGroup
                    label={t('sourceSeverity', { source: name })}
                    value={entry.severities}
                    onChange={(severities) => onSeverities(entry.index, severities)}
                    onBlur={onBlur}
                    error={entry.error}
                  />
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </li>
  );
}
