'use client';

import { useId, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import {
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { LANGUAGES, resolveLanguage, type Language } from '@/lib/i18n/languages';
import { SAMPLE_INCIDENT_CHOICE } from '@/lib/validation/email-preview';
import { useEmailPreview, type PreviewSettings } from './use-email-preview';

const WIDTHS = { desktop: 600, mobile: 375 } as const;
type Width = keyof typeof WIDTHS;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  heading: { margin: 0 },
  hint: { color: tokens.colorNeutralForeground3 },
  controls: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  incident: { minWidth: '220px', maxWidth: '100%', flexGrow: 1 },
  subject: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: 0 },
  subjectLabel: { color: tokens.colorNeutralForeground3 },
  subjectValue: { margin: 0, overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  status: { minHeight: '20px' },
  // The frame keeps its chosen width: a narrow pane scrolls it sideways rather than squeezing the email.
  viewport: {
    overflowX: 'auto',
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
  },
  frame: {
    display: 'block',
    height: '640px',
    border: 'none',
    outlineWidth: tokens.strokeWidthThin,
    outlineStyle: 'solid',
    outlineColor: tokens.colorNeutralStroke2,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

export type EmailPreviewPanelProps = { settings: PreviewSettings };

// The email a rule sends, as its recipients will see it: in English or Dutch, at a desktop or a phone's
// width, about the sample incident or a recent real one the rule matches. The body is the real HTML in an
// iframe with an empty sandbox: no script runs in it, and it has an opaque origin without this site's
// cookies, whatever an incident's text contains.
export function EmailPreviewPanel({ settings }: EmailPreviewPanelProps) {
  const t = useTranslations('emailPreview');
  const common = useTranslations('common');
  const styles = useStyles();
  const headingId = useId();
  const [language, setLanguage] = useState<Language>(resolveLanguage(useLocale()));
  const [width, setWidth] = useState<Width>('desktop');
  const [incident, setIncident] = useState<string>(SAMPLE_INCIDENT_CHOICE);
  const { preview, incidents, loading, error } = useEmailPreview(settings, language, incident);
  const hidden = preview?.hiddenAlertCount ?? 0;

  return (
    <section aria-labelledby={headingId} aria-busy={loading} className={styles.section}>
      <Subtitle2 as="h3" id={headingId} className={styles.heading}>
        {t('title')}
      </Subtitle2>
      <Text size={200} className={styles.hint}>
        {t('intro')}
      </Text>
      <div className={styles.controls}>
        <Field
          label={t('incident')}
          className={styles.incident}
          hint={!loading && preview && incidents.length === 0 ? t('noMatchingIncidents') : undefined}
        >
          <Select value={incident} onChange={(_event, data) => setIncident(data.value)}>
            <option value={SAMPLE_INCIDENT_CHOICE}>{t('sampleIncident')}</option>
            {incidents.map((item) => (
              <option key={item.id} value={item.id}>
                {t('incidentOption', { name: item.displayName, id: item.externalId })}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={common('language')}>
          <RadioGroup layout="horizontal" value={language} onChange={(_event, data) => setLanguage(resolveLanguage(data.value))}>
            {LANGUAGES.map((code) => (
              <Radio key={code} value={code} label={common(`languages.${code}`)} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={t('width')}>
          <RadioGroup layout="horizontal" value={width} onChange={(_event, data) => setWidth(data.value as Width)}>
            <Radio value="desktop" label={t('desktop')} />
            <Radio value="mobile" label={t('mobile')} />
          </RadioGroup>
        </Field>
      </div>
      <div role="status" className={styles.status}>
        {loading ? <Spinner size="extra-tiny" label={t('updating')} /> : null}
      </div>
      <FormError message={error} title={t('failedTitle')} />
      {hidden > 0 ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('hiddenAlerts', { count: hidden })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {preview ? (
        <>
          <dl className={styles.subject}>
            <dt className={styles.subjectLabel}>{t('subject')}</dt>
            <dd className={styles.subjectValue}>{preview.subject}</dd>
          </dl>
          <div className={styles.viewport}>
            <iframe
              title={t('frameTitle')}
              sandbox=""
              srcDoc={preview.html}
              width={WIDTHS[width]}
              className={styles.frame}
            />
          </div>
        </>
      ) : null}
    </section>
  );
}
