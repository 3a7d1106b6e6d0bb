'use client';

import { useState, type KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFieldArray, useFormContext, type FieldError } from 'react-hook-form';
import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import type { Language } from '@/lib/i18n/languages';
import { RECIPIENTS_MAX, recipientSchema, type RuleFormValues, type RuleInput } from '@/lib/validation/rule';
import { useFieldMessage } from '../labels';
import { DraftTestEmailButton, useDraftTestEmail } from './draft-test-email';
import { RecipientsTable } from './recipients-table';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  addRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  email: { flexGrow: 1 },
  // Lines the button up with the input, below the field's label.
  addButton: { marginBlockStart: '26px' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export type RecipientsStepProps = {
  defaultLanguage: Language;
  // Showing "Send test email" is a convenience; the action checks 'rules.sendTestEmail' itself.
  canSendTestEmail: boolean;
};

// Step 3: who receives the emails, each in their own language; and a test email to them.
export function RecipientsStep({ defaultLanguage, canSendTestEmail }: RecipientsStepProps) {
  const t = useTranslations('rules.recipients');
  const styles = useStyles();
  const fieldMessage = useFieldMessage();
  const { control, clearErrors, getValues, formState } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const { fields, append, remove } = useFieldArray({ control, name: 'recipients' });
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | undefined>();
  const listErrors = formState.errors.recipients as (FieldError & { root?: FieldError }) | undefined;
  const listError = fieldMessage(listErrors?.root?.message ?? listErrors?.message);
  const testEmail = useDraftTestEmail();

  function add() {
    if (draft.trim() === '') return setDraftError('emailRequired');
    const parsed = recipientSchema.safeParse({ email: draft, language: defaultLanguage });
    if (!parsed.success) return setDraftError(parsed.error.issues[0]?.message ?? 'emailInvalid');
    const current = getValues('recipients');
    if (current.some((recipient) => recipient.email === parsed.data.email)) return setDraftError('emailDuplicate');
    if (current.length >= RECIPIENTS_MAX) return setDraftError('tooManyRecipients');
    append(parsed.data, { shouldFocus: false });
    clearErrors('recipients');
    setDraft('');
    setDraftError(undefined);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the address instead of submitting the wizard's form.
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  }

  const draftMessage = fieldMessage(draftError);
  return (
    <div className={styles.stack}>
      <div className={styles.addRow}>
        <Field
          className={styles.email}
          label={t('email')}
          hint={t('emailHint')}
          validationState={draftMessage ? 'error' : 'none'}
          validationMessage={draftMessage}
        >
          <Input
            type="email"
            autoComplete="off"
            value={draft}
            onChange={(_event, data) => {
              setDraft(data.value);
              setDraftError(undefined);
            }}
            onKeyDown={onKeyDown}
          />
        </Field>
        <Button className={styles.addButton} icon={<Add20Regular />} onClick={add}>
          {t('add')}
        </Button>
      </div>
      {fields.length === 0 ? (
        <Text>{t('empty')}</Text>
      ) : (
        <RecipientsTable fields={fields} onRemove={remove} testResults={testEmail.results} />
      )}
      {listError ? (
        <Text role="alert" className={styles.error}>
          {listError}
        </Text>
      ) : null}
      {canSendTestEmail ? <DraftTestEmailButton testEmail={testEmail} hasRecipients={fields.length > 0} /> : null}
    </div>
  );
}
