'use client';

import type { Ref } from 'react';
import { Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import type { AlertSeverity } from '@/lib/rules/catalog';
import { SEVERITIES_DISPLAY_ORDER, sortSeverities, useCatalogLabels } from '../labels';
import { CheckboxGroupField } from './checkbox-group-field';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalL },
});

export type SeverityCheckboxGroupProps = {
  label: string;
  value: readonly AlertSeverity[];
  onChange: (value: AlertSeverity[]) => void;
  onBlur?: () => void;
  error?: string;
  hint?: string;
  required?: boolean;
  // Given to the first checkbox, so react-hook-form can focus the group on error.
  inputRef?: Ref<HTMLInputElement>;
};

// <SeverityCheckboxGroup label value onChange />: the four alert severities as checkboxes in a labelled role="group".
export function SeverityCheckboxGroup({ label, value, onChange, onBlur, error, hint, required, inputRef }: SeverityCheckboxGroupProps) {
  const styles = useStyles();
  const labels = useCatalogLabels();

  function toggle(severity: AlertSeverity, checked: boolean) {
    onChange(sortSeverities(checked ? [...value, severity] : value.filter((item) => item !== severity)));
  }

  return (
    <CheckboxGroupField label={label} hint={hint} required={required} error={error} className={styles.row}>
      {SEVERITIES_DISPLAY_ORDER.map((severity, index) => (
        <Checkbox
          key={severity}
          ref={index === 0 ? inputRef : undefined}
          label={labels.severity(severity)}
          checked={value.includes(severity)}
          onChange={(_event, data) => toggle(severity, data.checked === true)}
          onBlur={onBlur}
        />
      ))}
    </CheckboxGroupField>
  );
}
