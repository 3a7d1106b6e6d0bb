'use client';

import { useMemo } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { createSilenceAction } from '@/lib/actions/create-silence';
import { localOfInstant } from '@/lib/rules/silences';
import {
  SILENCE_COMMENT_MAX, SILENCE_NAME_MAX, SILENCE_TITLE_MAX, silenceSchema, type SilenceFormValues, type SilenceInput,
} from '@/lib/validation/silence';
import { SilenceCriteriaFields } from './silence-criteria-fields';
import { WEEKDAY_ORDER } from './silence-labels';

export type CreateSilenceDialogProps = {
  // The groups the user manages, and the rules they may see: what a silence of theirs may name.
  groups: { id: string; name: string }[];
  rules: { id: string; name: string }[];
  timeZone: string;
  onClose: () => void;
  onCreated: (name: string) => void;
};

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const HOUR = 3_600_000;

// Mounted only while open, so each opening starts from now: a silence from now for two hours.
export function CreateSilenceDialog({ groups, rules, timeZone, onClose, onCreated }: CreateSilenceDialogProps) {
  const t = useTranslations('silences.form');
  const weekdays = useTranslations('silences.weekdays');
  const styles = useStyles();
  const defaultValues = useMemo<SilenceFormValues>(() => {
    const now = Date.now();
    return {
      name: '', comment: '', deviceGroupIds: [], detectionSources: [], severities: [], titleContains: '', ruleIds: [],
      startsAt: localOfInstant(new Date(now), timeZone),
      endsAt: localOfInstant(new Date(now + 2 * HOUR), timeZone),
      recurring: false, weekdays: [], windowStart: '22:00', windowEnd: '06:00',
    };
  }, [timeZone]);
  const { control, handleSubmit, setError, setValue, formState } = useForm<SilenceFormValues, unknown, SilenceInput>({
    resolver: zodResolver(silenceSchema),
    defaultValues,
  });
  const { formError, callAction } = useActionErrors(setError);
  const recurring = useWatch({ control, name: 'recurring' });

  const onSubmit = handleSubmit(async (input) => {
    // The action validates again, and checks the groups and rules against the user's rights.
    await callAction(() => createSilenceAction(input), () => onCreated(input.name));
  });

  return (
    <FormDialog title={t('title')} submitLabel={t('submit')} submitting={formState.isSubmitting} formError={formError} onSubmit={onSubmit} onClose={onClose}>
      <TextField control={control} name="name" label={t('name')} hint={t('nameHint')} required maxLength={SILENCE_NAME_MAX} autoFocus />
      <TextField control={control} name="comment" label={t('comment')} hint={t('commentHint')} maxLength={SILENCE_COMMENT_MAX} />
      <div className={styles.row}>
        <TextField control={control} name="startsAt" type="datetime-local" label={t('startsAt', { timeZone })} required />
        <TextField control={control} name="endsAt" type="datetime-local" label={t('endsAt', { timeZone })} hint={t('endsAtHint')} required />
      </div>
      <div className={styles.section}>
        <Checkbox
          label={t('recurring')}
          checked={recurring}
          onChange={(_event, data) => setValue('recurring', data.checked === true)}
        />
        {recurring ? (
          <>
            <CheckboxListField
              control={control}
              name="weekdays"
              label={t('weekdays')}
              hint={t('weekdaysHint', { timeZone })}
              required
              options={WEEKDAY_ORDER.map((day) => ({ value: day, label: weekdays(day) }))}
            />
            <div className={styles.row}>
              <TextField control={control} name="windowStart" type="time" label={t('windowStart')} required />
              <TextField control={control} name="windowEnd" type="time" label={t('windowEnd')} hint={t('windowEndHint')} required />
            </div>
          </>
        ) : null}
      </div>
      <SilenceCriteriaFields control={control} groups={groups} rules={rules} />
      <TextField control={control} name="titleContains" label={t('titleContains')} hint={t('titleContainsHint')} maxLength={SILENCE_TITLE_MAX} />
    </FormDialog>
  );
}
