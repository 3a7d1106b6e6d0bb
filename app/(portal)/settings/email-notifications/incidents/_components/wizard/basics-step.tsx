'use client';

import { useTranslations } from 'next-intl';
import { useController, useFormContext } from 'react-hook-form';
import { Field, makeStyles, Textarea, tokens } from '@fluentui/react-components';
import { TextField } from '@/components/form/text-field';
import { RULE_DESCRIPTION_MAX, RULE_NAME_MAX, type RuleFormValues, type RuleInput } from '@/lib/validation/rule';
import { useFieldMessage } from '../labels';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '560px' },
});

// Step 1: the rule's name and description.
export function BasicsStep() {
  const t = useTranslations('rules.basics');
  const styles = useStyles();
  const fieldMessage = useFieldMessage();
  const { control } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const { field, fieldState } = useController({ control, name: 'description' });
  const descriptionError = fieldMessage(fieldState.error?.message);

  return (
    <div className={styles.stack}>
      <TextField control={control} name="name" label={t('name')} required maxLength={RULE_NAME_MAX} autoComplete="off" />
      <Field
        label={t('description')}
        hint={t('descriptionHint')}
        validationState={descriptionError ? 'error' : 'none'}
        validationMessage={descriptionError}
      >
        <Textarea
          ref={field.ref}
          name={field.name}
          value={field.value}
          onChange={(_event, data) => field.onChange(data.value)}
          onBlur={field.onBlur}
          maxLength={RULE_DESCRIPTION_MAX}
          resize="vertical"
          rows={4}
        />
      </Field>
    </div>
  );
}
