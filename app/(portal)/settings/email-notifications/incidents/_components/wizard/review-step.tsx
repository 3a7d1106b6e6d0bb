'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useFormContext, useWatch } from 'react-hook-form';
import { Button, Card, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { Edit20Regular } from '@fluentui/react-icons';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { EmailPreviewPanel } from '../email-preview/email-preview';
import { NotificationSettingsSummary, RecipientsSummary, SummaryItem, SummaryList } from '../rule-summary';
import { WIZARD_STEPS } from './steps';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM },
  heading: { margin: 0 },
});

// Step 4: everything chosen, per step, each with an Edit button that goes back to that step, and the email
// the rule will send as it stands.
export function ReviewStep({ deviceGroups, onEdit }: { deviceGroups: DeviceGroupOption[]; onEdit: (step: number) => void }) {
  const t = useTranslations('rules');
  const styles = useStyles();
  const { control } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const values = useWatch({ control }) as RuleFormValues;
  const groupNames = deviceGroups.filter((group) => values.deviceGroupIds.includes(group.id)).map((group) => group.name);
  // Chosen groups that are not among the user's own (the options) are counted, not named.
  const hiddenGroupCount =
    values.deviceGroupScope === 'selected'
      ? values.deviceGroupIds.filter((id) => !deviceGroups.some((group) => group.id === id)).length
      : 0;

  const section = (step: number, children: ReactNode) => {
    const title = t(`wizard.steps.${WIZARD_STEPS[step].id}`);
    return (
      <Card key={step} appearance="outline">
        <div className={styles.header}>
          <Subtitle2 as="h3" className={styles.heading}>
            {title}
          </Subtitle2>
          <Button
            appearance="subtle"
            icon={<Edit20Regular />}
            aria-label={t('review.editSection', { section: title })}
            onClick={() => onEdit(step)}
          >
            {t('review.edit')}
          </Button>
        </div>
        {children}
      </Card>
    );
  };

  return (
    <div className={styles.stack}>
      <Text>{t('review.intro')}</Text>
      {section(
        0,
        <SummaryList>
          <SummaryItem label={t('basics.name')}>{values.name}</SummaryItem>
          <SummaryItem label={t('basics.description')}>
            {values.description.trim() ? values.description : <Text italic>{t('summary.none')}</Text>}
          </SummaryItem>
        </SummaryList>,
      )}
      {section(
        1,
        <SummaryList>
          <NotificationSettingsSummary values={values} deviceGroupNames={groupNames} hiddenDeviceGroupCount={hiddenGroupCount} />
        </SummaryList>,
      )}
      {section(2, <RecipientsSummary recipients={values.recipients} />)}
      <Card appearance="outline">
        <EmailPreviewPanel settings={values} />
      </Card>
    </div>
  );
}
