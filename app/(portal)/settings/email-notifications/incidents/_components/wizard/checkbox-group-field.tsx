'use client';

import type { ReactNode } from 'react';
import { Field, FieldContextProvider } from '@fluentui/react-components';

export type CheckboxGroupFieldProps = {
  label: string;
  hint?: string;
  required?: boolean;
  error?: string;
  className?: string;
  children: ReactNode;
};

// <CheckboxGroupField label hint? required? error?>checkboxes</CheckboxGroupField>: Fluent has no checkbox
// group, so this is a Field whose control is a labelled role="group" holding the checkboxes.
export function CheckboxGroupField({ label, hint, required, error, className, children }: CheckboxGroupFieldProps) {
  return (
    <Field label={label} hint={hint} required={required} validationState={error ? 'error' : 'none'} validationMessage={error}>
      {/* aria-required is not allowed on a group: the label's asterisk says it. */}
      {({ 'aria-required': _required, ...controlProps }) => (
        <div role="group" {...controlProps} className={className}>
          {/* Each checkbox is named by its own label, not by the Field's (which it would otherwise take). */}
          <FieldContextProvider value={undefined}>{children}</FieldContextProvider>
        </div>
      )}
    </Field>
  );
}
