'use client';

import { useTranslations } from 'next-intl';
import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { Control } from 'react-hook-form';
import { CheckboxListField } from '@/components/form/checkbox-list-field';
import { DETECTION_SOURCE_VALUES } from '@/lib/rules/catalog';
import type { SilenceFormValues, SilenceInput } from '@/lib/validation/silence';
import { SEVERITIES_DISPLAY_ORDER, useCatalogLabels } from '../incidents/_components/labels';

const useStyles = makeStyles({
  intro: { color: tokens.colorNeutralForeground2 },
  // Some forty detection sources: a scrolling box keeps the dialog usable.
  scroll: { maxHeight: '180px', overflowY: 'auto', flexWrap: 'nowrap' },
});

// What a silence holds back: device groups, severities, detection sources and rules. Each left empty
// matches anything; together they must all match, for every alert of an email.
export function SilenceCriteriaFields({
  control,
  groups,
  rules,
}: {
  control: Control<SilenceFormValues, unknown, SilenceInput>;
  groups: { id: string; name: string }[];
  rules: { id: string; name: string }[];
}) {
  const t = useTranslations('silences.form');
  const labels = useCatalogLabels();
  const styles = useStyles();
  const detectionOptions = DETECTION_SOURCE_VALUES.map((value) => ({ value, label: labels.detection(value) })).sort((a, b) =>
    a.label.localeCompare(b.label));
  return (
    <>
      <Text className={styles.intro}>{t('criteriaIntro')}</Text>
      <CheckboxListField
        control={control}
        name="deviceGroupIds"
        label={t('deviceGroups')}
        hint={t('deviceGroupsHint')}
        options={groups.map((group) => ({ value: group.id, label: group.name }))}
        emptyText={t('noDeviceGroups')}
      />
      <CheckboxListField
        control={control}
        name="severities"
        label={t('severities')}
        options={SEVERITIES_DISPLAY_ORDER.map((value) => ({ value, label: labels.severity(value) }))}
      />
      <CheckboxListField control={control} name="detectionSources" label={t('detectionSources')} options={detectionOptions} className={styles.scroll} />
      <CheckboxListField
        control={control}
        name="ruleIds"
        label={t('rules')}
        hint={t('rulesHint')}
        options={rules.map((rule) => ({ value: rule.id, label: rule.name }))}
        emptyText={t('noRules')}
        className={styles.scroll}
      />
    </>
  );
}
