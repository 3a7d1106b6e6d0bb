'use client';

import type { Ref } from 'react';
import { useTranslations } from 'next-intl';
import { Checkbox, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useValidationMessage } from '@/components/form/use-error-message';
import { COALESCE_MINUTES_MAX, COALESCING_OFF, type Coalescing } from '@/lib/validation/email-volume';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  minutes: { maxWidth: '120px' },
});

type Message = { message?: string } | undefined;
export type CoalescingErrors = (Message & { windowMinutes?: Message; highSeverityBypass?: Message }) | undefined;

// "Wait up to N minutes for more changes before emailing" (0: each change at once) and "A new High-severity
// alert is sent at once", which only means something with a wait, so it is off and disabled without one.
export function CoalescingField({
  value,
  onChange,
  onBlur,
  inputRef,
  errors,
}: {
  value: Coalescing | undefined;
  onChange: (value: Coalescing) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  errors: CoalescingErrors;
}) {
  const t = useTranslations('emailVolume.coalesce');
  const message = useValidationMessage();
  const styles = useStyles();
  const current = value ?? COALESCING_OFF;
  const minutes = current.windowMinutes;
  const waits = Number.isInteger(minutes) && minutes > 0;
  const minutesError = message(errors?.windowMinutes?.message);
  const bypassError = message(errors?.highSeverityBypass?.message);

  return (
    <div className={styles.stack}>
      <Field
        label={t('minutes')}
        hint={t('minutesHint', { max: COALESCE_MINUTES_MAX })}
        validationState={minutesError ? 'error' : 'none'}
        validationMessage={minutesError}
      >
        <Input
          ref={inputRef}
          className={styles.minutes}
          type="number"
          min={0}
          max={COALESCE_MINUTES_MAX}
          step={1}
          value={Number.isNaN(minutes) ? '' : String(minutes)}
          onChange={(_event, data) => {
            // Empty is not 0: it is kept as NaN, which the schema refuses, so a cleared field is noticed.
            const next = data.value.trim() === '' ? Number.NaN : Number(data.value);
            const stillWaits = Number.isInteger(next) && next > 0;
            onChange({ windowMinutes: next, highSeverityBypass: stillWaits && current.highSeverityBypass });
          }}
          onBlur={onBlur}
          contentAfter={<span aria-hidden="true">{t('minutesUnit')}</span>}
        />
      </Field>
      <Field validationState={bypassError ? 'error' : 'none'} validationMessage={bypassError}>
        <Checkbox
          label={t('bypassHigh')}
          disabled={!waits}
          checked={waits && current.highSeverityBypass}
          onChange={(_event, data) => onChange({ ...current, highSeverityBypass: data.checked === true })}
        />
      </Field>
    </div>
  );
}
