'use client';

import { Field, Input, type InputProps } from '@fluentui/react-components';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useValidationMessage } from './use-error-message';

export type TextFieldProps<TFieldValues extends FieldValues, TTransformedValues = TFieldValues> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-hook-form's own default for the context type
  control: Control<TFieldValues, any, TTransformedValues>;
  name: FieldPath<TFieldValues>;
  label: string;
  hint?: string;
  required?: boolean;
  type?: InputProps['type'];
  autoComplete?: string;
  maxLength?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  className?: string;
  // E.g. a button inside the input ("Generate").
  contentAfter?: InputProps['contentAfter'];
};

// <TextField control name label hint? required? type? autoComplete? maxLength? disabled? autoFocus? contentAfter? />:
// a Fluent Field + Input bound to react-hook-form; the field's error (an i18n key) is shown translated.
export function TextField<TFieldValues extends FieldValues, TTransformedValues = TFieldValues>({
  control,
  name,
  label,
  hint,
  required,
  type = 'text',
  autoComplete,
  maxLength,
  disabled,
  autoFocus,
  className,
  contentAfter,
}: TextFieldProps<TFieldValues, TTransformedValues>) {
  const validationMessage = useValidationMessage();
  const { field, fieldState } = useController({ control, name });
  const message = validationMessage(fieldState.error?.message);

  return (
    <Field
      label={label}
      hint={hint}
      required={required}
      validationState={message ? 'error' : 'none'}
      validationMessage={message}
      className={className}
    >
      <Input
        ref={field.ref}
        name={field.name}
        value={typeof field.value === 'string' ? field.value : ''}
        onChange={(_event, data) => field.onChange(data.value)}
        onBlur={field.onBlur}
        type={type}
        autoComplete={autoComplete}
        maxLength={maxLength}
        disabled={disabled ?? field.disabled}
        autoFocus={autoFocus}
        contentAfter={contentAfter}
      />
    </Field>
  );
}
