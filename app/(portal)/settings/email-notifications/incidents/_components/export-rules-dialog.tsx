'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Radio,
  RadioGroup,
  Field,
  Text,
  tokens,
  useId,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';
import { exportRulesAction } from '@/lib/actions/export-rules';
import type { RuleView } from '@/lib/data/rule-views';
import { saveTextFile } from './save-text-file';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '280px',
    overflowY: 'auto',
    paddingInline: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export type ExportRulesDialogProps = {
  rules: Pick<RuleView, 'id' | 'name'>[];
  // The rule selected in the list, chosen to start with when the user picks rules one by one.
  selectedId: string | null;
  onClose: () => void;
  onExported: (message: string) => void;
};

// <ExportRulesDialog rules selectedId onClose onExported />: every rule the user sees, or the ones they
// tick, downloaded as a rules file (incident-rules-<date>.json) that Import and the rules API read.
export function ExportRulesDialog({ rules, selectedId, onClose, onExported }: ExportRulesDialogProps) {
  const t = useTranslations('rulesImportExport.export');
  const styles = useStyles();
  const errorMessage = useErrorMessage();
  const [which, setWhich] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(selectedId ? [selectedId] : []));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noneChosen = which === 'chosen' && chosen.size === 0;
  const noneChosenId = useId('none-chosen');

  const toggle = (id: string, checked: boolean) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });

  async function download() {
    if (noneChosen) return;
    setPending(true);
    setError(null);
    // Ids in the list's order, so the file lists the rules as the page does.
    const result = await exportRulesAction(which === 'all' ? {} : { ruleIds: rules.filter((r) => chosen.has(r.id)).map((r) => r.id) });
    setPending(false);
    if (!result.ok) {
      setError(errorMessage(result.error, result.errorParams));
      return;
    }
    saveTextFile(result.data.fileName, result.data.content, 'application/json');
    onExported(t('done', { count: result.data.count, fileName: result.data.fileName }));
  }

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <FormError message={error} />
            <Text>{t('intro')}</Text>
            <Field label={t('choice')}>
              <RadioGroup value={which} onChange={(_event, data) => setWhich(data.value as 'all' | 'chosen')}>
                <Radio value="all" label={t('all', { count: rules.length })} />
                <Radio value="chosen" label={t('chosen')} />
              </RadioGroup>
            </Field>
            {which === 'chosen' ? (
              // Not inside a Field: a Field hands its one id to every checkbox in it, and the labels then point
              // at the first one.
              <div role="group" aria-label={t('rulesLabel')} aria-describedby={noneChosen ? noneChosenId : undefined} className={styles.list}>
                {rules.map((rule) => (
                  <Checkbox
                    key={rule.id}
                    label={rule.name}
                    checked={chosen.has(rule.id)}
                    onChange={(_event, data) => toggle(rule.id, data.checked === true)}
                  />
                ))}
              </div>
            ) : null}
            {noneChosen ? (
              <Text id={noneChosenId} className={styles.error}>
                {t('noneChosen')}
              </Text>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button appearance="primary" disabledFocusable={pending || noneChosen} onClick={download}>
              {pending ? t('downloading') : t('download')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
