'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Button, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import type { Control, FieldValues, Path, PathValue, UseFormSetValue } from 'react-hook-form';
import { TextField } from '@/components/form/text-field';
import { PASSWORD_MIN_LENGTH } from '@/lib/validation/user';
import { generatePassword } from './generate-password';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  field: { flexGrow: 1 },
});

type PasswordForm = FieldValues & { password: string };

// <NewPasswordField control setValue label />: the `password` field of a form an administrator fills in for
// someone else, typed or generated. A generated one is shown (to be handed over), a typed one stays hidden.
export function NewPasswordField<T extends PasswordForm, TTransformed>({
  control,
  setValue,
  label,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-hook-form's own default for the context type
  control: Control<T, any, TTransformed>;
  setValue: UseFormSetValue<T>;
  label: string;
}) {
  const t = useTranslations('users.dialog');
  const styles = useStyles();
  const [generated, setGenerated] = useState(false);
  const name = 'password' as Path<T>;

  return (
    <>
      <div className={styles.row}>
        <div className={styles.field}>
          <TextField
            control={control}
            name={name}
            label={label}
            hint={t('passwordHint', { min: PASSWORD_MIN_LENGTH })}
            type={generated ? 'text' : 'password'}
            autoComplete="new-password"
            required
          />
        </div>
        <Button
          onClick={() => {
            setValue(name, generatePassword() as PathValue<T, Path<T>>, { shouldValidate: true });
            setGenerated(true);
          }}
        >
          {t('generate')}
        </Button>
      </div>
      {generated ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('generatedNotice')}</MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}
