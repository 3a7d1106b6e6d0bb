'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button, makeStyles, Tab, TabList, Text, tokens } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { SettingsListPage } from '@/components/settings-list-page';
import { NAV_LINKS } from '@/components/app-shell/nav-links';
import type { DeliveryLogEntry } from '@/lib/data/deliveries';
import type { SilenceLists, SilenceView } from '@/lib/data/silences';
import { CreateSilenceDialog } from './create-silence-dialog';
import { EndSilenceDialog } from './end-silence-dialog';
import { ExtendSilenceDialog } from './extend-silence-dialog';
import { SilenceDetailsDrawer } from './silence-details-drawer';
import { SilenceGrid } from './silence-grid';

export type SilencesViewProps = {
  lists: SilenceLists;
  canCreate: boolean;
  groups: { id: string; name: string }[];
  rules: { id: string; name: string }[];
  selected: { silence: SilenceView; heldBack: DeliveryLogEntry[] } | null;
};

type Phase = 'active' | 'upcoming' | 'expired';
type Dialog = { kind: 'create' } | { kind: 'extend' | 'end'; silence: SilenceView } | null;

const useStyles = makeStyles({
  empty: { paddingBlock: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 },
});

// The silences in three tabs (active, upcoming, expired), with create, extend, end now and the details pane.
export function SilencesView({ lists, canCreate, groups, rules, selected }: SilencesViewProps) {
  const t = useTranslations('silences');
  const styles = useStyles();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>(selected?.silence.phase ?? 'active');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const shown = lists[phase];

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    router.refresh();
  };
  const openDetails = (silence: SilenceView | null) =>
    router.push(silence ? `${NAV_LINKS.silences}?silence=${silence.id}` : NAV_LINKS.silences, { scroll: false });

  return (
    <SettingsListPage
      title={t('title')}
      description={t('description', { timeZone: lists.timeZone })}
      readOnlyNotice={canCreate ? null : t('readOnly')}
      notice={notice}
      count={t('count', { count: shown.length })}
      commands={
        canCreate ? (
          <Button appearance="primary" icon={<AddRegular />} onClick={() => setDialog({ kind: 'create' })}>
            {t('create')}
          </Button>
        ) : null
      }
    >
      <TabList selectedValue={phase} onTabSelect={(_event, data) => setPhase(data.value as Phase)}>
        {(['active', 'upcoming', 'expired'] as const).map((value) => (
          <Tab key={value} value={value}>
            {t(`tabs.${value}`, { count: lists[value].length })}
          </Tab>
        ))}
      </TabList>
      {lists.hiddenCount > 0 ? <Text>{t('hidden', { count: lists.hiddenCount })}</Text> : null}
      {shown.length === 0 ? (
        <Text className={styles.empty}>{t(`empty.${phase}`)}</Text>
      ) : (
        <SilenceGrid
          silences={shown}
          timeZone={lists.timeZone}
          onDetails={openDetails}
          onExtend={(silence) => setDialog({ kind: 'extend', silence })}
          onEnd={(silence) => setDialog({ kind: 'end', silence })}
        />
      )}
      {dialog?.kind === 'create' ? (
        <CreateSilenceDialog
          groups={groups}
          rules={rules}
          timeZone={lists.timeZone}
          onClose={() => setDialog(null)}
          onCreated={(name) => done(t('created', { name }))}
        />
      ) : null}
      {dialog?.kind === 'extend' ? (
        <ExtendSilenceDialog
          silence={dialog.silence}
          timeZone={lists.timeZone}
          onClose={() => setDialog(null)}
          onExtended={() => done(t('extended', { name: dialog.silence.name }))}
        />
      ) : null}
      {dialog?.kind === 'end' ? (
        <EndSilenceDialog
          silence={dialog.silence}
          onCancel={() => setDialog(null)}
          onEnded={() => done(t('ended', { name: dialog.silence.name }))}
        />
      ) : null}
      <SilenceDetailsDrawer
        selected={selected}
        timeZone={lists.timeZone}
        onClose={() => openDetails(null)}
      />
    </SettingsListPage>
  );
}
