'use client';

import { Checkbox, Field, FieldContextProvider, makeStyles, mergeClasses, Text } from '@fluentui/react-components';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useValidationMessage } from './use-error-message';

export type CheckboxListFieldProps<TFieldValues extends FieldValues, TTransformed> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-hook-form's own default for the context type
  control: Control<TFieldValues, any, TTransformed>;
  // A field holding the ids of the ticked options (string[]).
  name: FieldPath<TFieldValues>;
  label: string;
  hint?: string;
  required?: boolean;
  options: { value: string; label: string }[];
  // Shown instead of the checkboxes when there is nothing to choose.
  emptyText?: string;
  className?: string;
};

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
});

// <CheckboxListField control name label hint? required? options emptyText? className? />: a multi-select as a
// labelled role="group" of checkboxes (Fluent has no checkbox group), bound to a string[] field of
// react-hook-form; the field's error (an i18n key) is shown translated. Ticked values keep the options' order.
export function CheckboxListField<TFieldValues extends FieldValues, TTransformed = TFieldValues>({
  control,
  name,
  label,
  hint,
  required,
  options,
  emptyText,
  className,
}: CheckboxListFieldProps<TFieldValues, TTransformed>) {
  const styles = useStyles();
  const validationMessage = useValidationMessage();
  const { field, fieldState } = useController({ control, name });
  const error = validationMessage(fieldState.error?.message);
  const selected: string[] = Array.isArray(field.value) ? field.value : [];

  const toggle = (value: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(value);
    else next.delete(value);
    field.onChange(options.map((option) => option.value).filter((candidate) => next.has(candidate)));
  };

  return (
    <Field label={label} hint={hint} required={required} validationState={error ? 'error' : 'none'} validationMessage={error}>
      {/* aria-required is not allowed on a group: the label's asterisk says it. */}
      {({ 'aria-required': _required, ...controlProps }) => (
        <div role="group" {...controlProps} className={mergeClasses(styles.list, className)}>
          {/* Each checkbox is named by its own label, not by the Field's (which it would otherwise take). */}
          <FieldContextProvider value={undefined}>
            {options.length === 0 && emptyText ? <Text>{emptyText}</Text> : null}
            {options.map((option, index) => (
              <Checkbox
                key={option.value}
                ref={index === 0 ? field.ref : undefined}
                label={option.label}
                checked={selected.includes(option.value)}
                onChange={(_event, data) => toggle(option.value, data.checked === true)}
                onBlur={field.onBlur}
              />
            ))}
          </FieldContextProvider>
        </div>
      )}
    </Field>
  );
}
