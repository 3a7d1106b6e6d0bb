'use client';

import { useId, type Ref } from 'react';
import { useTranslations } from 'next-intl';
import { Field, Input, makeStyles, Radio, RadioGroup, tokens } from '@fluentui/react-components';
import { useValidationMessage } from '@/components/form/use-error-message';
import { ALERT_SEVERITIES } from '@/lib/rules/catalog';
import { CAP_LIMIT_MAX, type CapLimits, type RecipientCap, type RecipientCapInput } from '@/lib/validation/email-volume';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  nested: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingInlineStart: tokens.spacingHorizontalXXL },
  limits: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: tokens.spacingHorizontalM },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBlockEnd: tokens.spacingVerticalXS },
  groupError: { color: tokens.colorPaletteRedForeground1 },
  time: { maxWidth: '160px' },
});

// The form's errors under the cap (react-hook-form nests them as the value is nested); messages are i18n keys.
type Message = { message?: string } | undefined;
export type RecipientCapErrors =
  | (Message & { period?: Message; limits?: Message & Partial<Record<keyof CapLimits, Message>>; digestAt?: Message })
  | undefined;

// Highest severity first, as Defender lists them.
const SEVERITIES = [...ALERT_SEVERITIES].reverse();
const NEW_CAP: RecipientCap = { period: 'day', limits: {}, digestAt: null };

// "Limit emails per recipient": off / per hour / per day, a limit per severity (empty: none), and when the
// digest of what the limit held back is sent. Controlled (value/onChange), so a rule's wizard and the
// organization's per-address cap use it alike; `kind` only changes the words.
export function RecipientCapField({
  kind,
  value,
  onChange,
  onBlur,
  inputRef,
  errors,
}: {
  kind: 'rule' | 'address';
  value: RecipientCapInput | null | undefined;
  onChange: (value: RecipientCap | null) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  errors: RecipientCapErrors;
}) {
  const t = useTranslations('emailVolume.cap');
  const severityName = useTranslations('sources.severity');
  const message = useValidationMessage();
  const styles = useStyles();
  const limitsId = useId();
  // An absent digest time (a document written without it) is the end of the period, as the schema reads it.
  const cap: RecipientCap | null = value ? { ...value, digestAt: value.digestAt ?? null } : null;
  const limitsError = message(errors?.limits?.message);
  // react-hook-form focuses the element behind the field's ref when validation fails: that must be where
  // the error is. With a cap set, the errors are in its limits (the first limit in error, else the first
  // limit) or only in its digest time; the unchecked "Off" radio would be the worst place, as Space there
  // discards the cap. Without a cap, the checked radio ("Off").
  const digestTimeFocused = cap !== null && cap.digestAt !== null && !!errors?.digestAt && !errors.limits;
  const focusedSeverity = digestTimeFocused ? null : (SEVERITIES.find((severity) => errors?.limits?.[severity]) ?? SEVERITIES[0]);

  const setLimit = (severity: keyof CapLimits, text: string) => {
    if (!cap) return;
    // Empty means no limit; anything else is kept as typed (a number, or NaN that the schema refuses).
    const limit = text.trim() === '' ? null : Number(text);
    onChange({ ...cap, limits: { ...cap.limits, [severity]: limit } });
  };

  return (
    <div className={styles.stack}>
      <Field label={t(kind === 'rule' ? 'label' : 'addressLabel')} hint={t(kind === 'rule' ? 'hint' : 'addressHint')}>
        <RadioGroup
          value={cap?.period ?? 'off'}
          layout="horizontal"
          onChange={(_event, data) =>
            onChange(data.value === 'off' ? null : { ...(cap ?? NEW_CAP), period: data.value as RecipientCap['period'] })
          }
          onBlur={onBlur}
        >
          <Radio ref={cap ? undefined : inputRef} value="off" label={t('off')} />
          <Radio value="hour" label={t('hour')} />
          <Radio value="day" label={t('day')} />
        </RadioGroup>
      </Field>
      {cap ? (
        <div className={styles.nested}>
          <div role="group" aria-labelledby={limitsId} aria-describedby={limitsError ? `${limitsId}-error` : undefined}>
            <div id={limitsId} className={styles.legend}>
              {t(cap.period === 'hour' ? 'limitsPerHour' : 'limitsPerDay')}
            </div>
            <div className={styles.limits}>
              {SEVERITIES.map((severity) => {
                const limit = cap.limits[severity];
                const error = message(errors?.limits?.[severity]?.message);
                return (
                  <Field key={severity} label={severityName(severity)} validationState={error ? 'error' : 'none'} validationMessage={error}>
                    <Input
                      type="number"
                      min={1}
                      max={CAP_LIMIT_MAX}
                      step={1}
                      placeholder={t('noLimit')}
                      ref={severity === focusedSeverity ? inputRef : undefined}
                      value={typeof limit === 'number' && !Number.isNaN(limit) ? String(limit) : ''}
                      onChange={(_event, data) => setLimit(severity, data.value)}
                      onBlur={onBlur}
                    />
                  </Field>
                );
              })}
            </div>
            {limitsError ? (
              <div id={`${limitsId}-error`} role="alert" className={styles.groupError}>
                {limitsError}
              </div>
            ) : null}
          </div>
          <Field label={t('digest')} hint={t('digestHint')}>
            <RadioGroup
              value={cap.digestAt === null ? 'end' : 'time'}
              onChange={(_event, data) => onChange({ ...cap, digestAt: data.value === 'end' ? null : '' })}
            >
              <Radio value="end" label={t(cap.period === 'hour' ? 'digestAtEndOfHour' : 'digestAtEndOfDay')} />
              <Radio value="time" label={t('digestAtTime')} />
            </RadioGroup>
          </Field>
          {cap.digestAt !== null ? (
            <Field
              label={t('digestTime')}
              hint={t('digestTimeHint')}
              required
              validationState={errors?.digestAt?.message ? 'error' : 'none'}
              validationMessage={message(errors?.digestAt?.message)}
            >
              <Input
                className={styles.time}
                ref={digestTimeFocused ? inputRef : undefined}
                type="time"
                value={cap.digestAt}
                onChange={(_event, data) => onChange({ ...cap, digestAt: data.value })}
                onBlur={onBlur}
              />
            </Field>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
