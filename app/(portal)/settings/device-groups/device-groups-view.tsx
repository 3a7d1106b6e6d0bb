'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
  typographyStyles,
  useRestoreFocusTarget,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import type { DeviceGroupView } from '@/lib/data/rule-views';
import { DeviceGroupDialog } from './device-group-dialog';
import { DeviceGroupGrid } from './device-group-grid';
import { RemoveDeviceGroupDialog } from './remove-device-group-dialog';

type Editing = { kind: 'add' } | { kind: 'rename'; group: DeviceGroupView } | { kind: 'remove'; group: DeviceGroupView };

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  heading: { ...typographyStyles.title2, margin: 0 },
  description: { color: tokens.colorNeutralForeground2, maxWidth: '80ch' },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  spacer: { flexGrow: 1 },
});

// The device groups page: heading, what groups are for, the grid, and (for managers) the add/rename/remove dialogs.
export function DeviceGroupsView({ groups, canManage }: { groups: DeviceGroupView[]; canManage: boolean }) {
  const t = useTranslations('deviceGroups');
  const styles = useStyles();
  const router = useRouter();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const restoreFocusTarget = useRestoreFocusTarget();

  const close = () => setEditing(null);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    router.refresh();
  };

  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>{t('title')}</h1>
      <Text className={styles.description}>{t('description')}</Text>
      {canManage ? null : (
        <MessageBar intent="info">
          <MessageBarBody>{t('readOnly')}</MessageBarBody>
        </MessageBar>
      )}
      <div role="status">
        {notice ? (
          <MessageBar intent="success">
            <MessageBarBody>{notice}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <div className={styles.toolbar}>
        {canManage ? (
          <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing({ kind: 'add' })} {...restoreFocusTarget}>
            {t('add')}
          </Button>
        ) : null}
        <span className={styles.spacer} />
        <Text>{t('count', { count: groups.length })}</Text>
      </div>
      <DeviceGroupGrid
        groups={groups}
        onRename={canManage ? (group) => setEditing({ kind: 'rename', group }) : undefined}
        onRemove={canManage ? (group) => setEditing({ kind: 'remove', group }) : undefined}
      />
      {editing?.kind === 'add' ? <DeviceGroupDialog onClose={close} onSaved={() => done(t('saved'))} /> : null}
      {editing?.kind === 'rename' ? (
        <DeviceGroupDialog
          key={editing.group.id}
          group={editing.group}
          onClose={close}
          onSaved={() => done(t('saved'))}
        />
      ) : null}
      {editing?.kind === 'remove' ? (
        <RemoveDeviceGroupDialog group={editing.group} onClose={close} onRemoved={() => done(t('removed'))} />
      ) : null}
    </div>
  );
}
