'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
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
import { FormError } from '@/components/form/form-error';
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

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

// Mounted only while open (the parent renders it conditionally), so each opening starts from fresh values.
export function DeviceGroupDialog({ group, onClose, onSaved }: DeviceGroupDialogProps) {
  const t = useTranslations('deviceGroups.dialog');
  const common = useTranslations('common.actions');
  const styles = useStyles();
  const { control, handleSubmit, setError, formState } = useForm<DeviceGroupFormValues, unknown, DeviceGroupInput>({
    resolver: zodResolver(deviceGroupSchema),
    defaultValues: { name: group?.name ?? '', rbacGroupId: group?.rbacGroupId ?? '' },
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async ({ name, rbacGroupId }) => {
    // The action re-validates with the same schema; '' means "no RBAC group".
    const input = { name, rbacGroupId: rbacGroupId ?? '' };
    try {
      const result = group
        ? await updateDeviceGroupAction({ id: group.id, ...input })
        : await createDeviceGroupAction(input);
      if (applyResult(withConflictField<unknown>(result))) onSaved();
    } catch {
      showError('unexpected');
    }
  });

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{group ? t('renameTitle') : t('addTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
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
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={formState.isSubmitting}>
                {group ? t('submitRename') : t('submitAdd')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
