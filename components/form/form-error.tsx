'use client';

import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export type FormErrorProps = { message: string | null | undefined; title?: string; className?: string };

// <FormError message title? />: an error MessageBar for a form-level message; renders nothing without a message.
export function FormError({ message, title, className }: FormErrorProps) {
  if (!message) return null;
  return (
    <MessageBar intent="error" className={className}>
      <MessageBarBody>
        {title ? <MessageBarTitle>{title}</MessageBarTitle> : null}
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}
