'use client';

import { useCallback } from 'react';
import { useTranslations } from 'next-intl';

// Server actions and zod schemas speak in i18n keys; these hooks turn a key into words, and never show a
// raw key: a key missing from the catalog falls back to the generic "something went wrong" message.

type Params = Record<string, string | number>;

// useErrorMessage(): (key, params?) => text of `errors.<key>` (fallback: common.unexpectedError).
export function useErrorMessage(): (key: string, params?: Params) => string {
  const errors = useTranslations('errors');
  const common = useTranslations('common');
  return useCallback(
    (key: string, params?: Params) => (errors.has(key) ? errors(key, params) : common('unexpectedError')),
    [errors, common],
  );
}

// useValidationMessage(): (key | undefined) => text of `validation.<key>` (then `errors.<key>`), undefined for no key.
export function useValidationMessage(): (key: string | undefined, params?: Params) => string | undefined {
  const validation = useTranslations('validation');
  const errorMessage = useErrorMessage();
  return useCallback(
    (key: string | undefined, params?: Params) => {
      if (!key) return undefined;
      return validation.has(key) ? validation(key, params) : errorMessage(key, params);
    },
    [validation, errorMessage],
  );
}
