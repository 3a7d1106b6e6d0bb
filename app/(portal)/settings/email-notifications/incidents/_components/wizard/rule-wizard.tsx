'use client';

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { FormProvider, useForm, type FieldErrors, type FieldPath } from 'react-hook-form';
import { Button, makeStyles, Title2, tokens, typographyStyles } from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { useActionErrors } from '@/components/form/use-action-errors';
import { createRuleAction } from '@/lib/actions/create-rule';
import { updateRuleAction } from '@/lib/actions/update-rule';
import type { DeviceGroupOption } from '@/lib/data/rule-views';
import type { Language } from '@/lib/i18n/languages';
import type { RuleFormValues, RuleInput } from '@/lib/validation/rule';
import { RULES_PATH } from '../labels';
import { BasicsStep } from './basics-step';
import { NotificationSettingsStep } from './notification-settings-step';
import { RecipientsStep } from './recipients-step';
import { ReviewStep } from './review-step';
import { StepList } from './step-list';
import { emptyRule, REVIEW_STEP, stepOfField, stepResolver, WIZARD_STEPS, type RuleResolver } from './steps';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  layout: { display: 'flex', gap: tokens.spacingHorizontalXXXL, alignItems: 'flex-start', flexWrap: 'wrap' },
  steps: { flexShrink: 0, width: '220px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, flexGrow: 1, minWidth: '320px' },
  stepTitle: { ...typographyStyles.subtitle1, margin: 0, ':focus': { outlineStyle: 'none' } },
  footer: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    paddingBlockStart: tokens.spacingVerticalL,
    borderBlockStartWidth: tokens.strokeWidthThin,
    borderBlockStartStyle: 'solid',
    borderBlockStartColor: tokens.colorNeutralStroke2,
  },
});

export type RuleWizardProps = {
  mode: 'create' | 'edit';
  ruleId?: string;
  initialValues?: RuleFormValues;
  // Only the groups the user manages.
  deviceGroups: DeviceGroupOption[];
  // The user manages every device group, so may choose "All device groups".
  canChooseAllDeviceGroups: boolean;
  defaultLanguage: Language;
  canSendTestEmail: boolean;
};

// The "Add incident notification rule" / "Edit rule" wizard: one form over four steps, each step
// validated with its own schema before the next one opens; the last step saves through the server action.
export function RuleWizard({
  mode,
  ruleId,
  initialValues,
  deviceGroups,
  canChooseAllDeviceGroups,
  defaultLanguage,
  canSendTestEmail,
}: RuleWizardProps) {
  const t = useTranslations('rules.wizard');
  const styles = useStyles();
  const router = useRouter();
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The resolver reads the step from a ref: it must see a step change before React re-renders.
  const stepRef = useRef(0);
  const [step, setStep] = useState(0);
  const [furthest, setFurthest] = useState(mode === 'edit' ? REVIEW_STEP : 0);
  const pendingFocus = useRef<{ field: string | null } | null>(null);

  const resolver = useCallback<RuleResolver>(
    (values, context, options) => stepResolver(stepRef.current)(values, context, options),
    [],
  );
  const form = useForm<RuleFormValues, unknown, RuleInput>({
    resolver,
    defaultValues: initialValues ?? emptyRule(canChooseAllDeviceGroups ? 'all' : 'selected'),
    // On change as well as blur: a message shown by Next clears as soon as the field is corrected, not on
    // blur, when the footer would jump under the user's click on Next.
    mode: 'all',
  });
  const { formError, callAction, clearFormError } = useActionErrors(form.setError, {
    formErrorWithFieldErrors: true,
  });
  const { isSubmitting } = form.formState;

  const goTo = useCallback((index: number, field: string | null = null) => {
    stepRef.current = index;
    pendingFocus.current = { field };
    setStep(index);
    setFurthest((current) => Math.max(current, index));
  }, []);

  // After a step change, focus the first field in error, else the step's heading, so keyboard and
  // screen reader users land on the new content.
  const { setFocus } = form;
  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending) return;
    pendingFocus.current = null;
    headingRef.current?.focus();
    if (pending.field) setFocus(pending.field as FieldPath<RuleFormValues>);
  }, [step, setFocus]);

  async function open(index: number) {
    // Going forward needs a valid current step; going back never does.
    if (index > step && !(await form.trigger(undefined, { shouldFocus: true }))) return;
    goTo(index);
  }

  function jumpToFirstError(paths: string[]) {
    if (paths.length === 0) return;
    const target = Math.min(...paths.map(stepOfField));
    goTo(target, paths.find((path) => stepOfField(path) === target) ?? null);
  }

  const save = form.handleSubmit(
    async (values) => {
      clearFormError();
      const result = await callAction(
        () => (mode === 'edit' && ruleId ? updateRuleAction({ id: ruleId, rule: values }) : createRuleAction(values)),
        ({ id }) => {
          router.push(`${RULES_PATH}?rule=${encodeURIComponent(id)}`);
          router.refresh();
        },
      );
      if (result && !result.ok) jumpToFirstError(Object.keys(result.fieldErrors ?? {}));
    },
    (errors: FieldErrors<RuleFormValues>) => jumpToFirstError(Object.keys(errors)),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Enter in a field, like the Next button, moves on; only the review step saves.
    if (step < REVIEW_STEP) {
      event.preventDefault();
      void open(step + 1);
      return;
    }
    void save(event);
  }

  const stepId = WIZARD_STEPS[step].id;
  return (
    <div className={styles.page}>
      <Title2 as="h1" id={titleId} className={styles.title}>
        {mode === 'edit' ? t('editTitle') : t('createTitle')}
      </Title2>
      <div className={styles.layout}>
        <div className={styles.steps}>
          <StepList current={step} furthest={furthest} onSelect={(index) => void open(index)} />
        </div>
        <FormProvider {...form}>
          <form noValidate aria-labelledby={titleId} className={styles.form} onSubmit={onSubmit}>
            <h2 ref={headingRef} tabIndex={-1} className={styles.stepTitle}>
              {t(`steps.${stepId}`)}
            </h2>
            <FormError message={formError} title={t('saveFailed')} />
            {stepId === 'basics' ? <BasicsStep /> : null}
            {stepId === 'notificationSettings' ? (
              <NotificationSettingsStep deviceGroups={deviceGroups} canChooseAllDeviceGroups={canChooseAllDeviceGroups} />
            ) : null}
            {stepId === 'recipients' ? <RecipientsStep defaultLanguage={defaultLanguage} canSendTestEmail={canSendTestEmail} /> : null}
            {stepId === 'review' ? <ReviewStep deviceGroups={deviceGroups} onEdit={(index) => goTo(index)} /> : null}
            <div className={styles.footer}>
              {step > 0 ? (
                <Button disabled={isSubmitting} onClick={() => goTo(step - 1)}>
                  {t('back')}
                </Button>
              ) : null}
              <Button appearance="primary" type="submit" disabled={isSubmitting}>
                {step < REVIEW_STEP ? t('next') : isSubmitting ? t('saving') : mode === 'edit' ? t('save') : t('create')}
              </Button>
              <Button
                appearance="subtle"
                disabled={isSubmitting}
                onClick={() => router.push(ruleId ? `${RULES_PATH}?rule=${encodeURIComponent(ruleId)}` : RULES_PATH)}
              >
                {t('cancel')}
              </Button>
            </div>
          </form>
        </FormProvider>
      </div>
    </div>
  );
}
