'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { Badge, Caption1, makeStyles, MessageBar, MessageBarBody, Text, tokens, type BadgeProps } from '@fluentui/react-components';
import { useValidationMessage } from '@/components/form/use-error-message';
import type { ImportEntry, ImportPlan } from '@/lib/data/rule-import';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '320px',
    overflowY: 'auto',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBlockEndWidth: tokens.strokeWidthThin,
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke3,
  },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  issues: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, color: tokens.colorPaletteRedForeground1 },
  path: { fontFamily: tokens.fontFamilyMonospace },
});

const STATUS_COLOR: Record<ImportEntry['status'], BadgeProps['color']> = {
  create: 'success',
  change: 'warning',
  unchanged: 'informative',
  invalid: 'danger',
};

// An issue's message: the import's own words first, then the rule form's (validation catalog); the
// parser's English sentences (a wrong type, say) become one generic line, with the field's path beside it.
function useIssueMessage() {
  const issues = useTranslations('rulesImportExport.issues');
  const validation = useTranslations('validation');
  const message = useValidationMessage();
  return (path: string, key: string) => {
    if (issues.has(key)) return issues(key);
    if (path === '' && key === 'Expected a JSON object.') return issues('notAnObject');
    if (validation.has(key)) return message(key);
    return issues('invalid');
  };
}

// <ImportPreview plan />: what importing the file would do, rule by rule, with the totals first.
export function ImportPreview({ plan }: { plan: ImportPlan }) {
  const t = useTranslations('rulesImportExport');
  const styles = useStyles();
  const format = useFormatter();
  const issueMessage = useIssueMessage();
  const { counts } = plan;

  return (
    <div className={styles.root}>
      <Text weight="semibold" aria-live="polite">
        {t('import.summary', counts)}
      </Text>
      <MessageBar intent="info">
        <MessageBarBody>{t('import.matching')}</MessageBarBody>
      </MessageBar>
      {counts.invalid > 0 ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('import.invalidWarning', { count: counts.invalid })}</MessageBarBody>
        </MessageBar>
      ) : counts.create + counts.change === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>{t('import.nothingToDo')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <ul className={styles.list} aria-label={t('import.previewLabel')}>
        {plan.entries.map((entry) => {
          const name = entry.name ?? t('import.unnamed', { number: entry.index + 1 });
          return (
            <li key={entry.index} className={styles.item} aria-label={name}>
              <span className={styles.heading}>
                <Badge appearance="tint" color={STATUS_COLOR[entry.status]}>
                  {t(`status.${entry.status}`)}
                </Badge>
                <Text weight="semibold">{name}</Text>
              </span>
              {entry.status === 'change' ? (
                <Caption1>
                  {t('import.changedFields', {
                    fields: format.list(entry.changes.map((field) => t(`fields.${field}`)), { type: 'conjunction' }),
                  })}
                </Caption1>
              ) : null}
              {entry.status === 'invalid' ? (
                <ul className={styles.issues}>
                  {entry.issues.map((issue) => (
                    <li key={`${issue.path}:${issue.message}`}>
                      <Caption1>
                        <span className={styles.path}>{issue.path === '' ? t('import.wholeRule') : issue.path}</span>
                        {': '}
                        {issueMessage(issue.path, issue.message)}
                      </Caption1>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
