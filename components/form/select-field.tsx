'use client';

import { Field, Select } from '@fluentui/react-components';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useValidationMessage } from './use-error-message';

type SelectFieldProps<TFieldValues extends FieldValues, TTransformed> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-hook-form's own default for the context type
  control: Control<TFieldValues, any, TTransformed>;
  name: FieldPath<TFieldValues>;
  label: string;
  hint?: string;
  required?: boolean;
};

// <SelectField control name label hint? required? options />: a Fluent Field + native Select bound to
// react-hook-form; the field's error (an i18n key) is shown translated.
export function SelectField<TFieldValues extends FieldValues, TTransformed = TFieldValues>({
  control,
  name,
  label,
  hint,
  required,
  options,
}: SelectFieldProps<TFieldValues, TTransformed> & { options: { value: string; label: string }[] }) {
  const message = useValidationMessage();
  const { field, fieldState } = useController({ control, name });
  const error = message(fieldState.error?.message);
  return (
    <Field label={label} hint={hint} required={required} validationState={error ? 'error' : 'none'} validationMessage={error}>
      <Select
        ref={field.ref}
        name={field.name}
        value={typeof field.value === 'string' ? field.value : ''}
        onChange={(_event, data) => field.onChange(data.value)}
        onBlur={field.onBlur}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
