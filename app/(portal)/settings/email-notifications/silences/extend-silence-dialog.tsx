'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { Text } from '@fluentui/react-components';
import { FormDialog } from '@/components/form-dialog';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { extendSilenceAction } from '@/lib/actions/extend-silence';
import type { SilenceView } from '@/lib/data/silences';
import { localOfInstant } from '@/lib/rules/silences';
import { extendSilenceSchema, type ExtendSilenceInput } from '@/lib/validation/silence';
import { useSilenceLabels } from './silence-labels';

const HOUR = 3_600_000;

// "Extend": a new, later end, offered an hour after the current one.
export function ExtendSilenceDialog({ silence, timeZone, onClose, onExtended }: { silence: SilenceView; timeZone: string; onClose: () => void; onExtended: () => void }) {
  const t = useTranslations('silences.extendDialog');
  const labels = useSilenceLabels(timeZone);
  const { control, handleSubmit, setError, formState } = useForm<ExtendSilenceInput>({
    resolver: zodResolver(extendSilenceSchema),
    defaultValues: { id: silence.id, endsAt: localOfInstant(new Date(new Date(silence.endsAt).getTime() + HOUR), timeZone) },
  });
  const { formError, callAction } = useActionErrors(setError);
  const onSubmit = handleSubmit(async (input) => {
    await callAction(() => extendSilenceAction(input), () => onExtended());
  });
  return (
    <FormDialog title={t('title', { name: silence.name })} submitLabel={t('submit')} submitting={formState.isSubmitting} formError={formError} onSubmit={onSubmit} onClose={onClose}>
      <Text>{t('current', { end: labels.date(silence.endsAt) })}</Text>
      <TextField control={control} name="endsAt" type="datetime-local" label={t('endsAt', { timeZone })} hint={t('hint')} required autoFocus />
    </FormDialog>
  );
}
