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
  // Calls a server action and applies its result: field errors go onto their fields (setError), the error key
  // becomes formError, and onSuccess runs with the data of an ok result. When the call itself throws (the
  // network failed, the server is gone) formError says so ('unexpected'). Resolves to the result, or null
  // when there is none.
  callAction: <T>(call: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) => Promise<ActionResult<T> | null>;
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

  const callAction = useCallback(
    async <T>(call: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void): Promise<ActionResult<T> | null> => {
      try {
        const result = await call();
        if (applyResult(result)) onSuccess?.(result.data);
        return result;
      } catch {
        setFormError(errorMessage('unexpected'));
        return null;
      }
    },
    [applyResult, errorMessage],
  );

  return { formError, callAction, clearFormError };
}
