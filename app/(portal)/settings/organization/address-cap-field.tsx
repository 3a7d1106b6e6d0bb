'use client';

import { useController, type Control } from 'react-hook-form';
import { RecipientCapField, type RecipientCapErrors } from '@/components/email-volume/recipient-cap-field';
import type { TenantSettingsFormValues, TenantSettingsInput } from '@/lib/validation/tenant-settings';

// "Limit emails per address": the organization's cap per recipient address over every rule, bound to the
// organization form (the same controls as a rule's own cap).
export function AddressCapField({ control }: { control: Control<TenantSettingsFormValues, unknown, TenantSettingsInput> }) {
  const { field, fieldState } = useController({ control, name: 'addressCap' });
  return (
    <RecipientCapField
      kind="address"
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      errors={fieldState.error as RecipientCapErrors}
    />
  );
}
