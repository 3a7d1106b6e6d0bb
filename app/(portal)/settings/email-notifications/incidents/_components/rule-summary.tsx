'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Badge, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Language } from '@/lib/i18n/languages';
import type { RuleFormValues } from '@/lib/validation/rule';
import { useEmailVolumeWords } from './email-volume-summary';
import { useCatalogLabels } from './labels';

// Read-only views of a rule, shared by the wizard's review step and the list's details pane.

export const RULE_OPTIONS = ['oneNotificationPerIncident', 'includeOrganizationName', 'includeTenantPortalLink'] as const;

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0 },
  label: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  value: { marginInlineStart: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  bullets: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

export function SummaryList({ children }: { children: ReactNode }) {
  return <dl className={useStyles().list}>{children}</dl>;
}

export function SummaryItem({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div>
      <dt className={styles.label}>{label}</dt>
      <dd className={styles.value}>{children}</dd>
    </div>
  );
}

type SettingsValues = Pick<
  RuleFormValues,
  'severities' | 'deviceGroupScope' | 'sourceScope' | 'sources' | (typeof RULE_OPTIONS)[number] | 'coalescing' | 'recipientCap'
>;

// <NotificationSettingsSummary values deviceGroupNames hiddenDeviceGroupCount? />: severities, scope, sources,
// options and email volume settings as <SummaryItem>s. Groups the viewer may not see are counted ("+2 other device groups"), never named.
export function NotificationSettingsSummary({
  values,
  deviceGroupNames,
  hiddenDeviceGroupCount = 0,
}: {
  values: SettingsValues;
  deviceGroupNames: string[];
  hiddenDeviceGroupCount?: number;
}) {
  const t = useTranslations('rules');
  const labels = useCatalogLabels();
  const volume = useEmailVolumeWords();
  const volumeLabels = useTranslations('emailVolume.summary');
  const styles = useStyles();
  const none = <Text italic>{t('summary.none')}</Text>;

  return (
    <>
      <SummaryItem label={t('settings.severity')}>
        {values.severities.length > 0 ? labels.severities(values.severities) : none}
      </SummaryItem>
      <SummaryItem label={t('summary.deviceGroups')}>
        {values.deviceGroupScope === 'all' ? (
          t('summary.allDeviceGroups')
        ) : deviceGroupNames.length > 0 || hiddenDeviceGroupCount > 0 ? (
          <ul className={styles.bullets}>
            {deviceGroupNames.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {hiddenDeviceGroupCount > 0 ? (
              <li>{t('summary.otherDeviceGroups', { count: hiddenDeviceGroupCount })}</li>
            ) : null}
          </ul>
        ) : (
          none
        )}
      </SummaryItem>
      <SummaryItem label={t('settings.sources')}>
        {values.sourceScope === 'all' ? (
          t('summary.allSources')
        ) : values.sources.length > 0 ? (
          <ul className={styles.bullets}>
            {values.sources.map((source) => {
              const service = labels.service(source.serviceSource);
              const name = source.detectionSource
                ? t('summary.detectionOf', { detection: labels.detection(source.detectionSource), service })
                : service;
              return (
                <li key={`${source.serviceSource}/${source.detectionSource ?? '*'}`}>
                  {t('summary.sourceSeverities', { source: name, severities: labels.severities(source.severities) })}
                </li>
              );
            })}
          </ul>
        ) : (
          none
        )}
      </SummaryItem>
      {RULE_OPTIONS.map((option) => (
        <SummaryItem key={option} label={t(`options.${option}`)}>
          {values[option] ? t('summary.yes') : t('summary.no')}
        </SummaryItem>
      ))}
      <SummaryItem label={volumeLabels('coalesce')}>{volume.coalescing(values.coalescing)}</SummaryItem>
      <SummaryItem label={volumeLabels('cap')}>
        {volume.cap(values.recipientCap).map((line) => (
          <Text key={line} block>
            {line}
          </Text>
        ))}
      </SummaryItem>
    </>
  );
}

// <RecipientsSummary recipients />: "address (language)" per recipient.
export function RecipientsSummary({
  recipients,
  undeliverable = [],
}: {
  recipients: { email: string; language: Language }[];
  // Addresses the provider will not deliver to, flagged next to the address.
  undeliverable?: { email: string; status: 'bounced' | 'complained' | 'suppressed'; reason: string | null }[];
}) {
  const t = useTranslations('rules.summary');
  const flags = useTranslations('rules.recipientFlags');
  const flagged = new Map(undeliverable.map((entry) => [entry.email, entry]));
  const labels = useCatalogLabels();
  const styles = useStyles();
  if (recipients.length === 0) return <Text italic>{t('none')}</Text>;
  return (
    <ul className={styles.bullets}>
      {recipients.map((recipient) => (
        <li key={recipient.email}>
          {t('recipientWithLanguage', { email: recipient.email, language: labels.language(recipient.language) })}
          {flagged.has(recipient.email.toLowerCase()) ? (
            <>
              {' '}
              <Badge appearance="tint" color="danger">
                {flags(`undeliverable.${flagged.get(recipient.email.toLowerCase())!.status}`)}
              </Badge>
              {flagged.get(recipient.email.toLowerCase())!.reason ? (
                <Text block size={200}>
                  {flags('undeliverableNote', { reason: flagged.get(recipient.email.toLowerCase())!.reason! })}
                </Text>
              ) : null}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
