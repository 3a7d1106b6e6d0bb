'use client';

import { useCallback, useState } from 'react';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ActionResult } from '@/lib/actions/result';
import { useErrorMessage } from './use-error-message';

export type UseActionErrorsOptions = {
  // Also show the form-level message when field errors were placed (e.g. a wizard whose fields sit on other steps).
  formErrorWithFieldErrors?: boolean;
};

export type ActionErrors = {
  // Translated form-level message of the last failed result, or null.
  formError: string | null;
  // Applies a result: field errors go onto their fields (setError), the error key becomes formError. True when ok.
  applyResult: <T>(result: ActionResult<T>) => result is { ok: true; data: T };
  // Shows a form-level message from an `errors.*` key (e.g. 'unexpected' when the action call itself threw).
  showError: (key: string, params?: Record<string, string>) => void;
  clearFormError: () => void;
};

// useActionErrors(setError?, options?): maps an ActionResult onto a react-hook-form form; see ActionErrors.
// Field messages stay i18n keys in react-hook-form state: render them with useValidationMessage().
export function useActionErrors<TFieldValues extends FieldValues>(
  setError?: UseFormSetError<TFieldValues>,
  options: UseActionErrorsOptions = {},
): ActionErrors {
  const errorMessage = useErrorMessage();
  const [formError, setFormError] = useState<string | null>(null);
  const { formErrorWithFieldErrors = false } = options;

  const showError = useCallback(
    (key: string, params?: Record<string, string>) => setFormError(errorMessage(key, params)),
    [errorMessage],
  );
  const clearFormError = useCallback(() => setFormError(null), []);

  const applyResult = useCallback(
    <T>(result: ActionResult<T>): result is { ok: true; data: T } => {
      if (result.ok) {
        setFormError(null);
        return true;
      }
      const fieldErrors = Object.entries(result.fieldErrors ?? {});
      if (setError) {
        fieldErrors.forEach(([path, key], index) => {
          setError(path as Path<TFieldValues>, { type: 'server', message: key }, { shouldFocus: index === 0 });
        });
      }
      const placed = setError !== undefined && fieldErrors.length > 0;
      setFormError(placed && !formErrorWithFieldErrors ? null : errorMessage(result.error, result.errorParams));
      return false;
    },
    [setError, errorMessage, formErrorWithFieldErrors],
  );

  return { formError, applyResult, showError, clearFormError };
}
