'use client';

import { useOptimistic, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Switch } from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';
import { setRuleEnabledAction } from '@/lib/actions/set-rule-enabled';

// <RuleEnabledSwitch ruleId enabled />: turns a rule on or off at once; shows the new state while saving.
export function RuleEnabledSwitch({ ruleId, enabled }: { ruleId: string; enabled: boolean }) {
  const t = useTranslations('rules.details');
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  // The switch stays enabled while saving: disabling it would drop keyboard focus out of the side pane.
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function change(checked: boolean) {
    setError(null);
    startTransition(async () => {
      setOptimistic(checked);
      try {
        const result = await setRuleEnabledAction({ id: ruleId, enabled: checked });
        if (result.ok) router.refresh();
        else setError(errorMessage(result.error, result.errorParams));
      } catch {
        setError(errorMessage('unexpected'));
      }
    });
  }

  return (
    <>
      <Switch
        label={t('enabledSwitch')}
        checked={optimistic}
        onChange={(_event, data) => change(data.checked)}
      />
      <FormError message={error} />
    </>
  );
}
