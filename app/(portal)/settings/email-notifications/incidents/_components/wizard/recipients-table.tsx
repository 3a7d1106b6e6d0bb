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
import { LANGUAGES, type Language } from '@/lib/rules/catalog';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { useCatalogLabels, useFieldMessage } from '../labels';

const useStyles = makeStyles({
  email: { overflowWrap: 'anywhere' },
  error: { display: 'block', color: tokens.colorPaletteRedForeground1 },
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
};

// The recipients added so far: address, email language, and a remove button per row.
export function RecipientsTable({ fields, onRemove }: Props) {
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
          <RecipientRow key={field.id} index={index} email={field.email} onRemove={() => onRemove(index)} />
        ))}
      </TableBody>
    </Table>
  );
}

function RecipientRow({ index, email, onRemove }: { index: number; email: string; onRemove: () => void }) {
  const t = useTranslations('rules.recipients');
  const styles = useStyles();
  const labels = useCatalogLabels();
  const fieldMessage = useFieldMessage();
  const { control, formState } = useFormContext<RuleFormValues, unknown, RuleInput>();
  const language = useController({ control, name: `recipients.${index}.language` });
  const emailError = fieldMessage(formState.errors.recipients?.[index]?.email?.message);

  return (
    <TableRow>
      <TableCell>
        <Text className={styles.email}>{email}</Text>
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
        {/* "Send test email" (next issue) goes here, before Remove. */}
        <Button appearance="subtle" icon={<Delete20Regular />} aria-label={t('remove', { email })} onClick={onRemove} />
      </TableCell>
    </TableRow>
  );
}
