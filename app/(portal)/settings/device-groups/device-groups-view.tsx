'use client';

import { useTranslations } from 'next-intl';
import { Button, useRestoreFocusTarget } from '@fluentui/react-components';
import { SettingsListPage } from '@/components/settings-list-page';
import { useListEditing } from '@/components/use-list-editing';
import { AddRegular } from '@fluentui/react-icons';
import type { DeviceGroupView } from '@/lib/data/rule-views';
import { DeviceGroupDialog } from './device-group-dialog';
import { DeviceGroupGrid } from './device-group-grid';
import { RemoveDeviceGroupDialog } from './remove-device-group-dialog';

type Editing =
  { kind: 'add' } | { kind: 'rename'; group: DeviceGroupView } | { kind: 'remove'; group: DeviceGroupView };

// The device groups page: heading, what groups are for, the grid, and (for managers) the add/rename/remove dialogs.
export function DeviceGroupsView({ groups, canManage }: { groups: DeviceGroupView[]; canManage: boolean }) {
  const t = useTranslations('deviceGroups');
  const { editing, notice, edit: setEditing, close, done } = useListEditing<Editing>();
  const restoreFocusTarget = useRestoreFocusTarget();

  return (
    <SettingsListPage
      title={t('title')}
      description={t('description')}
      readOnlyNotice={canManage ? null : t('readOnly')}
      notice={notice}
      commands={
        <>
          {canManage ? (
            <Button
              appearance="primary"
              icon={<AddRegular />}
              onClick={() => setEditing({ kind: 'add' })}
              {...restoreFocusTarget}
            >
              {t('add')}
            </Button>
          ) : null}
        </>
      }
      count={t('count', { count: groups.length })}
    >
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
    </SettingsListPage>
  );
}
