'use client';

import { useState, useTransition } from 'react';
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
  Text,
  tokens,
} from '@fluentui/react-components';
import { deleteDeviceGroupAction } from '@/lib/actions/delete-device-group';
import type { DeviceGroupView } from '@/lib/data/rule-views';
import { FormError } from '@/components/form/form-error';
import { useErrorMessage } from '@/components/form/use-error-message';

export type RemoveDeviceGroupDialogProps = { group: DeviceGroupView; onClose: () => void; onRemoved: () => void };

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

// Confirmation before removing a group. The server refuses while rules use the group and names them.
export function RemoveDeviceGroupDialog({ group, onClose, onRemoved }: RemoveDeviceGroupDialogProps) {
  const t = useTranslations('deviceGroups.remove');
  const common = useTranslations('common.actions');
  const errorMessage = useErrorMessage();
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const remove = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await deleteDeviceGroupAction({ id: group.id });
        if (result.ok) return onRemoved();
        setError(
          result.error === 'deviceGroupInUse'
            ? t('inUse', { name: group.name, rules: result.errorParams?.rules ?? group.usedByRules.join(', ') })
            : errorMessage(result.error, result.errorParams),
        );
      } catch {
        setError(errorMessage('unexpected'));
      }
    });

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('body', { name: group.name })}</Text>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button appearance="primary" onClick={remove} disabledFocusable={pending}>
              {t('confirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
