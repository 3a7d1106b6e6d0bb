'use client';

import type { FormEventHandler, ReactNode } from 'react';
import { Button, makeStyles, mergeClasses, MessageBar, MessageBarBody, Text, tokens, typographyStyles } from '@fluentui/react-components';
import { FormError } from '@/components/form/form-error';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { ...typographyStyles.title2, margin: 0 },
  description: { color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  submit: { alignSelf: 'flex-start' },
  narrow: { maxWidth: '480px' },
  wide: { maxWidth: '640px' },
});

export type FormPageProps = {
  title: string;
  description: string;
  // Announced after a successful save; null while there is nothing to announce.
  success: string | null;
  formError: string | null | undefined;
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitLabel: string;
  submitting: boolean;
  // narrow: a few short fields; wide: fields with explanations.
  width: 'narrow' | 'wide';
  children: ReactNode;
};

// <FormPage title description success formError onSubmit submitLabel submitting width>fields</FormPage>: a
// page that is one form (change password, organization settings): heading, what it is for, a live success
// message, the form's own error, the fields, and one submit button.
export function FormPage(props: FormPageProps) {
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.page, styles[props.width])}>
      <h1 className={styles.heading}>{props.title}</h1>
      <Text className={styles.description}>{props.description}</Text>
      <div role="status">
        {props.success ? (
          <MessageBar intent="success">
            <MessageBarBody>{props.success}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <form className={styles.form} onSubmit={props.onSubmit} noValidate>
        <FormError message={props.formError} />
        {props.children}
        <Button type="submit" appearance="primary" className={styles.submit} disabledFocusable={props.submitting}>
          {props.submitLabel}
        </Button>
      </form>
    </div>
  );
}
