'use client';

import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import type { z } from 'zod';
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
import { changeUserRoleAction } from '@/lib/actions/change-user-role';
import type { UserView } from '@/lib/data/users';
import { changeUserRoleSchema } from '@/lib/validation/user';
import { FormError } from '@/components/form/form-error';
import { SelectField } from '@/components/form/select-field';
import { useActionErrors } from '@/components/form/use-action-errors';
import { useRoleOptions } from './user-options';

const useStyles = makeStyles({ content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

type Values = z.input<typeof changeUserRoleSchema>;

export type ChangeRoleDialogProps = { user: UserView; onClose: () => void; onChanged: () => void };

// The server refuses the caller's own role and demoting the last Global Administrator; the message shows here.
export function ChangeRoleDialog({ user, onClose, onChanged }: ChangeRoleDialogProps) {
  const t = useTranslations('users');
  const common = useTranslations('common.actions');
  const styles = useStyles();
  const roleOptions = useRoleOptions();
  const { control, handleSubmit, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof changeUserRoleSchema>
  >({
    resolver: zodResolver(changeUserRoleSchema),
    defaultValues: { id: user.id, role: user.role },
  });
  const { formError, applyResult, showError } = useActionErrors(setError);

  const onSubmit = handleSubmit(async (input) => {
    try {
      if (applyResult(await changeUserRoleAction(input))) onChanged();
    } catch {
      showError('unexpected');
    }
  });

  return (
    <Dialog open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('changeRole.title', { name: user.name })}</DialogTitle>
            <DialogContent className={styles.content}>
              <FormError message={formError} />
              <Text block>{t('changeRole.body', { name: user.name })}</Text>
              <SelectField control={control} name="role" label={t('dialog.role')} required options={roleOptions} />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {common('cancel')}
              </Button>
              <Button type="submit" appearance="primary" disabledFocusable={formState.isSubmitting}>
                {t('changeRole.submit')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
