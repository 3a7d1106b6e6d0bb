'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { FormDialog } from '@/components/form-dialog';
import type { ActionResult } from '@/lib/actions/result';
import { createDeviceGroupAction } from '@/lib/actions/create-device-group';
import { updateDeviceGroupAction } from '@/lib/actions/update-device-group';
import type { DeviceGroupView } from '@/lib/data/rule-views';
import {
  DEVICE_GROUP_NAME_MAX,
  deviceGroupSchema,
  type DeviceGroupFormValues,
  type DeviceGroupInput,
} from '@/lib/validation/device-group';
import { TextField } from '@/components/form/text-field';
import { useActionErrors } from '@/components/form/use-action-errors';

export type DeviceGroupDialogProps = {
  // Absent: add a new group. Present: rename (and re-link) this one.
  group?: DeviceGroupView;
  onClose: () => void;
  onSaved: () => void;
};

// Conflicts the server may report without naming a field: they belong next to that field.
const CONFLICT_FIELDS: Record<string, keyof DeviceGroupFormValues> = {
  deviceGroupNameTaken: 'name',
  rbacGroupIdTaken: 'rbacGroupId',
};

function withConflictField<T>(result: ActionResult<T>): ActionResult<T> {
  if (result.ok || result.fieldErrors) return result;
  const field = CONFLICT_FIELDS[result.error];
  return field ? { ...result, fieldErrors: { [field]: result.error } } : result;
}

// Mounted only while open (the parent renders it conditionally), so each opening starts from fresh values.
export function DeviceGroupDialog({ group, onClose, onSaved }: DeviceGroupDialogProps) {
  const t = useTranslations('deviceGroups.dialog');
  const { control, handleSubmit, setError, formState } = useForm<DeviceGroupFormValues, unknown, DeviceGroupInput>({
    resolver: zodResolver(deviceGroupSchema),
    defaultValues: { name: group?.name ?? '', rbacGroupId: group?.rbacGroupId ?? '' },
  });
  const { formError, callAction } = useActionErrors(setError);

  const onSubmit = handleSubmit(async ({ name, rbacGroupId }) => {
    // The action re-validates with the same schema; '' means "no RBAC group".
    const input = { name, rbacGroupId: rbacGroupId ?? '' };
    const call = async () =>
      withConflictField<unknown>(
        group ? await updateDeviceGroupAction({ id: group.id, ...input }) : await createDeviceGroupAction(input),
      );
    await callAction(call, () => onSaved());
  });

  return (
    <FormDialog
      title={group ? t('renameTitle') : t('addTitle')}
      submitLabel={group ? t('submitRename') : t('submitAdd')}
      submitting={formState.isSubmitting}
      formError={formError}
      onSubmit={onSubmit}
      onClose={onClose}
    >
      <TextField
        control={control}
        name="name"
        label={t('name')}
        required
        maxLength={DEVICE_GROUP_NAME_MAX}
        autoComplete="off"
      />
      <TextField
        control={control}
        name="rbacGroupId"
        label={t('rbacGroupId')}
        hint={t('rbacGroupIdHint')}
        maxLength={64}
        autoComplete="off"
      />
    </FormDialog>
  );
}
