'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { useController, useFormContext } from 'react-hook-form';
import { makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { CoalescingField, type CoalescingErrors } from '@/components/email-volume/coalescing-field';
import { RecipientCapField, type RecipientCapErrors } from '@/components/email-volume/recipient-cap-field';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
});

// "Reduce email volume" on the Notification settings step: the rule's coalescing window and its
// per-recipient cap, both off for a new rule.
export function EmailVolumeSection() {
  const t = useTranslations('emailVolume');
  const styles = useStyles();
  const headingId = useId();
  const { control } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const coalescing = useController({ control, name: 'coalescing' });
  const cap = useController({ control, name: 'recipientCap' });

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId} className={styles.heading}>
        {t('title')}
      </Subtitle2>
      <Text>{t('intro')}</Text>
      <CoalescingField
        value={coalescing.field.value}
        onChange={coalescing.field.onChange}
        onBlur={coalescing.field.onBlur}
        inputRef={coalescing.field.ref}
        // Nested like the value: react-hook-form keeps an object's errors under its path.
        errors={coalescing.fieldState.error as CoalescingErrors}
      />
      <RecipientCapField
        kind="rule"
        value={cap.field.value}
        onChange={cap.field.onChange}
        onBlur={cap.field.onBlur}
        inputRef={cap.field.ref}
        errors={cap.fieldState.error as RecipientCapErrors}
      />
    </section>
  );
}
