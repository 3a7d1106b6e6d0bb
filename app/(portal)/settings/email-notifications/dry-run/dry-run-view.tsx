'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { Body1, Button, Field, makeStyles, Select, Spinner, Textarea, Title2, tokens } from '@fluentui/react-components';
import { BeakerRegular, DocumentRegular } from '@fluentui/react-icons';
import { useValidationMessage, useErrorMessage } from '@/components/form/use-error-message';
import { dryRunIncidentAction } from '@/lib/actions/dry-run-incident';
import type { DryRunResult } from '@/lib/incidents/dry-run';
import type { DryRunInput } from '@/lib/validation/dry-run';
import { DryRunResultView } from './dry-run-result';
import { samplePayload } from './sample';

export type DryRunViewProps = {
  incidents: { id: string; label: string }[];
  initialIncidentId: string;
  sampleGroup: string | null;
};

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '960px' },
  payload: { fontFamily: tokens.fontFamilyMonospace },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  select: { minWidth: '320px' },
});

// The dry run: a payload (pasted, or the sample) or an incident received, tested by the server action;
// the answer replaces the previous one.
export function DryRunView({ incidents, initialIncidentId, sampleGroup }: DryRunViewProps) {
  const t = useTranslations('incidents.dryRun');
  const styles = useStyles();
  const errorMessage = useErrorMessage();
  const validationMessage = useValidationMessage();
  const [payload, setPayload] = useState('');
  const [incidentId, setIncidentId] = useState(initialIncidentId);
  const [result, setResult] = useState<DryRunResult | null>(null);
  // Every failure is shown on the field whose test failed (bad JSON, an unknown format, an incident gone).
  const [error, setError] = useState<{ text: string; field: 'payload' | 'incident' } | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (input: DryRunInput, field: 'payload' | 'incident') =>
    startTransition(async () => {
      const answer = await dryRunIncidentAction(input);
      if (answer.ok) {
        setResult(answer.data);
        setError(null);
        return;
      }
      setResult(null);
      const fieldKey = answer.fieldErrors ? Object.values(answer.fieldErrors)[0] : undefined;
      setError({ text: fieldKey ? validationMessage(fieldKey)! : errorMessage(answer.error, answer.errorParams), field });
    });
  const fieldError = (field: 'payload' | 'incident') => (error?.field === field ? error.text : undefined);

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1 className={styles.description}>{t('description')}</Body1>
      <div className={styles.form}>
        <Field label={t('payload')} hint={t('payloadHint')} validationMessage={fieldError('payload')}>
          <Textarea
            className={styles.payload}
            value={payload}
            rows={12}
            resize="vertical"
            onChange={(_event, data) => setPayload(data.value)}
          />
        </Field>
        <div className={styles.row}>
          <Button icon={<DocumentRegular />} onClick={() => setPayload(samplePayload(sampleGroup))}>
            {t('useSample')}
          </Button>
          <Button appearance="primary" icon={<BeakerRegular />} disabled={pending} onClick={() => run({ source: 'payload', payload }, 'payload')}>
            {t('testPayload')}
          </Button>
        </div>
        <div className={styles.row}>
          <Field label={t('stored')} className={styles.select} validationMessage={fieldError('incident')}>
            <Select value={incidentId} onChange={(_event, data) => setIncidentId(data.value)}>
              <option value="">{t('storedPlaceholder')}</option>
              {incidents.map((incident) => (
                <option key={incident.id} value={incident.id}>
                  {incident.label}
                </option>
              ))}
            </Select>
          </Field>
          <Button icon={<BeakerRegular />} disabled={pending || !incidentId} onClick={() => run({ source: 'stored', incidentId }, 'incident')}>
            {t('testStored')}
          </Button>
        </div>
        {pending ? <Spinner size="tiny" label={t('testing')} /> : null}
      </div>
      {result ? <DryRunResultView result={result} /> : null}
    </div>
  );
}
