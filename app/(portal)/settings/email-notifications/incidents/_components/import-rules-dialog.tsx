'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';
import type { ActionResult } from '@/lib/actions/result';
import { importRulesAction } from '@/lib/actions/import-rules';
import { previewRulesImportAction } from '@/lib/actions/preview-rules-import';
import type { ImportPlan } from '@/lib/data/rule-import';
import { RULE_FILE_MAX_BYTES } from '@/lib/rules-api/rule-file';
import { ImportPreview } from './import-preview';

const useStyles = makeStyles({
  surface: { maxWidth: '720px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const MAX_KIB = RULE_FILE_MAX_BYTES / 1024;
type Refusal = Extract<ActionResult<unknown>, { ok: false }>;

export type ImportRulesDialogProps = { onClose: () => void; onImported: (message: string) => void };

// <ImportRulesDialog onClose onImported />: choose a rules file, see what it would create, change or leave
// alone (and what is invalid), then import it all at once. The server checks everything again on Import.
export function ImportRulesDialog({ onClose, onImported }: ImportRulesDialogProps) {
  const t = useTranslations('rulesImportExport');
  const styles = useStyles();
  const errorMessage = useErrorMessage();
  // The file's bytes as read when chosen: Import sends exactly what was previewed, even if the file on
  // disk is edited meanwhile (the browser could no longer read it then).
  const [file, setFile] = useState<Blob | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [busy, setBusy] = useState<'reading' | 'applying' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [planChanged, setPlanChanged] = useState(false);

  // The file's own problems in this feature's words; anything else (forbidden, unexpected) as everywhere.
  const refusalMessage = (refusal: Refusal) => {
    const key = refusal.fieldErrors?.file ?? refusal.error;
    const params = { maxKib: MAX_KIB, ...refusal.errorParams };
    return t.has(`errors.${key}`) ? t(`errors.${key}`, params) : errorMessage(key, refusal.errorParams);
  };

  // A server action that could not be reached at all (network, server restart) rejects instead of answering.
  async function call<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    try {
      return await action();
    } catch {
      return { ok: false, error: 'unexpected' };
    }
  }

  async function preview(content: Blob) {
    setBusy('reading');
    const result = await call(() => previewRulesImportAction({ file: content }));
    setBusy(null);
    if (result.ok) setPlan(result.data);
    else setError(refusalMessage(result));
  }

  async function choose(chosen: File | undefined) {
    setPlan(null);
    setError(null);
    setPlanChanged(false);
    setFile(null);
    if (!chosen) return;
    // Said at once, without sending the file; the server checks the size again.
    if (chosen.size > RULE_FILE_MAX_BYTES) {
      setError(t('errors.importFileTooLarge', { maxKib: MAX_KIB }));
      return;
    }
    let content: Blob;
    try {
      content = new Blob([await chosen.arrayBuffer()], { type: 'application/json' });
    } catch {
      setError(errorMessage('unexpected'));
      return;
    }
    setFile(content);
    await preview(content);
  }

  async function apply() {
    if (!file || !plan) return;
    setBusy('applying');
    setError(null);
    const result = await call(() => importRulesAction({ file, planDigest: plan.digest }));
    setBusy(null);
    if (result.ok) {
      onImported(t('import.done', result.data));
      return;
    }
    if (result.error === 'importPlanChanged' || result.error === 'importHasInvalidRules') {
      // The rules or groups changed since the preview: show what Import would now do (a rule may have become
      // invalid, say its group was removed), and let the user decide again.
      setPlanChanged(true);
      await preview(file);
      return;
    }
    setError(refusalMessage(result));
  }

  const canApply = plan !== null && plan.counts.invalid === 0 && plan.counts.create + plan.counts.change > 0 && busy === null;

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('import.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('import.intro')}</Text>
            <Field label={t('import.fileLabel')} hint={t('import.fileHint', { maxKib: MAX_KIB })}>
              {(fieldProps) => (
                <input
                  {...fieldProps}
                  type="file"
                  accept=".json,application/json"
                  disabled={busy !== null}
                  // Cleared on each click, so choosing the same (edited) file again reads it again.
                  onClick={(event) => {
                    event.currentTarget.value = '';
                  }}
                  onChange={(event) => void choose(event.currentTarget.files?.[0])}
                />
              )}
            </Field>
            <FormError message={error} />
            {planChanged ? (
              <MessageBar intent="warning">
                <MessageBarBody>{t('import.planChanged')}</MessageBarBody>
              </MessageBar>
            ) : null}
            {busy === 'reading' ? <Spinner size="small" label={t('import.reading')} /> : null}
            {plan ? <ImportPreview plan={plan} /> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t('import.cancel')}
            </Button>
            <Button appearance="primary" disabledFocusable={!canApply} onClick={apply}>
              {busy === 'applying' ? t('import.applying') : t('import.apply')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
