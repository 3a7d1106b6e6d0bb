'use client';

import { useTranslations } from 'next-intl';
import { useController, useFormContext, type FieldArrayWithId } from 'react-hook-form';
import {
  Button,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons';
import { LANGUAGES, type Language } from '@/lib/i18n/languages';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { useCatalogLabels, useFieldMessage } from '../labels';
import { TestEmailStatus, type TestEmailResult } from '../test-email-result';
import { testResultKey } from './draft-test-email';

const useStyles = makeStyles({
  email: { overflowWrap: 'anywhere' },
  error: { display: 'block', color: tokens.colorPaletteRedForeground1 },
  result: { display: 'block' },
  language: { width: '180px' },
  actions: { width: '120px' },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

type Props = {
  fields: FieldArrayWithId<RuleFormValues, 'recipients', 'id'>[];
  onRemove: (index: number) => void;
  // The last test email's outcome per recipient (see testResultKey), shown under each address.
  testResults: ReadonlyMap<string, TestEmailResult> | null;
};

// The recipients added so far: address (and its test email outcome), email language, and a remove button.
export function RecipientsTable({ fields, onRemove, testResults }: Props) {
  const t = useTranslations('rules.recipients');
  const styles = useStyles();
  return (
    <Table aria-label={t('tableLabel')} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('email')}</TableHeaderCell>
          <TableHeaderCell className={styles.language}>{t('languageColumn')}</TableHeaderCell>
          <TableHeaderCell className={styles.actions}>
            <span className={styles.visuallyHidden}>{t('actionsColumn')}</span>
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {fields.map((field, index) => (
          <RecipientRow
            key={field.id}
            index={index}
            email={field.email}
            testResults={testResults}
            onRemove={() => onRemove(index)}
          />
        ))}
      </TableBody>
    </Table>
  );
}

type RowProps = {
  index: number;
  email: string;
  testResults: ReadonlyMap<string, TestEmailResult> | null;
  onRemove: () => void;
};

function RecipientRow({ index, email, testResults, onRemove }: RowProps) {
  const t = useTranslations('rules.recipients');
  const styles = useStyles();
  const labels = useCatalogLabels();
  const fieldMessage = useFieldMessage();
  const { control, formState } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const language = useController({ control, name: `recipients.${index}.language` });
  const emailError = fieldMessage(formState.errors.recipients?.[index]?.email?.message);
  const testResult = testResults?.get(testResultKey(email, language.field.value));

  return (
    <TableRow>
      <TableCell>
        <Text className={styles.email}>{email}</Text>
        {testResult ? (
          <span className={styles.result}>
            <TestEmailStatus result={testResult} />
          </span>
        ) : null}
        {emailError ? (
          <Text role="alert" size={200} className={styles.error}>
            {emailError}
          </Text>
        ) : null}
      </TableCell>
      <TableCell>
        <Select
          ref={language.field.ref}
          aria-label={t('language', { email })}
          value={language.field.value}
          onChange={(_event, data) => language.field.onChange(data.value as Language)}
          onBlur={language.field.onBlur}
        >
          {LANGUAGES.map((value) => (
            <option key={value} value={value}>
              {labels.language(value)}
            </option>
          ))}
        </Select>
      </TableCell>
      <TableCell>
        <Button appearance="subtle" icon={<Delete20Regular />} aria-label={t('remove', { email })} onClick={onRemove} />
      </TableCell>
    </TableRow>
  );
}
