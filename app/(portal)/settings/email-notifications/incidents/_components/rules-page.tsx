'use client';

import { useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import {
  Body1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  tokens,
} from '@fluentui/react-components';
import { Add24Regular, ArrowDownload24Regular, ArrowUpload24Regular } from '@fluentui/react-icons';
import type { RuleView } from '@/lib/data/rule-views';
import { RULES_PATH } from './labels';
import { RuleDetailsDrawer, type RulePermissions } from './rule-details-drawer';
import { RulesGrid } from './rules-grid';
import { ExportRulesDialog } from './export-rules-dialog';
import { ImportRulesDialog } from './import-rules-dialog';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  title: { margin: 0 },
  bar: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    borderBlockEndWidth: tokens.strokeWidthThin,
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  empty: { paddingBlock: tokens.spacingVerticalXXL, textAlign: 'center' },
});

const noSubscription = () => () => {};

export type RulesPageProps = {
  rules: RuleView[];
  initialSelectedId: string | null;
  permissions: RulePermissions & { import: boolean };
};

// The incident notification rules list: command bar, rules grid, and the selected rule's side pane.
// ?rule=<id> opens with that rule selected (the wizard lands here that way after saving).
export function RulesPage({ rules, initialSelectedId, permissions }: RulesPageProps) {
  const t = useTranslations('rules.list');
  const transfer = useTranslations('rulesImportExport.toolbar');
  const styles = useStyles();
  const router = useRouter();
  const [selectedId, setSelectedId] = useState(initialSelectedId);
  const [lastInitial, setLastInitial] = useState(initialSelectedId);
  const [status, setStatus] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'export' | 'import' | null>(null);
  if (initialSelectedId !== lastInitial) {
    setLastInitial(initialSelectedId);
    setSelectedId(initialSelectedId);
  }
  const selected = rules.find((rule) => rule.id === selectedId) ?? null;
  // The side pane opens only once hydrated: a Fluent drawer the server renders open (a full page load of
  // ?rule=<id>, e.g. the redirect from a read-only rule's edit page) never shows, nor opens afterwards.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

  // Selection stays in state only: changing the URL's query would make Next remount this page (its
  // cache key includes the query) at the next refresh, losing focus and the side pane's state.
  const select = setSelectedId;

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={styles.title}>
        {t('title')}
      </Title2>
      <Body1>{t('intro')}</Body1>
      <div className={styles.bar}>
        <Toolbar aria-label={t('commandBar')}>
          {permissions.create ? (
            <ToolbarButton appearance="subtle" icon={<Add24Regular />} onClick={() => router.push(`${RULES_PATH}/new`)}>
              {t('add')}
            </ToolbarButton>
          ) : null}
          {rules.length > 0 ? (
            <ToolbarButton appearance="subtle" icon={<ArrowDownload24Regular />} onClick={() => setDialog('export')}>
              {transfer('export')}
            </ToolbarButton>
          ) : null}
          {permissions.import ? (
            <ToolbarButton appearance="subtle" icon={<ArrowUpload24Regular />} onClick={() => setDialog('import')}>
              {transfer('import')}
            </ToolbarButton>
          ) : null}
        </Toolbar>
        <Text aria-live="polite">{t('count', { count: rules.length })}</Text>
      </div>
      {status ? (
        <MessageBar intent="success" politeness="polite">
          <MessageBarBody>{status}</MessageBarBody>
        </MessageBar>
      ) : null}
      {rules.length === 0 ? (
        <Text className={styles.empty}>{permissions.create ? t('empty') : t('emptyReadOnly')}</Text>
      ) : (
        <RulesGrid
          rules={rules}
          selectedId={selected?.id ?? null}
          onSelect={(id) => {
            setStatus(null);
            select(id);
          }}
        />
      )}
      {dialog === 'export' ? (
        <ExportRulesDialog
          rules={rules}
          selectedId={selected?.id ?? null}
          onClose={() => setDialog(null)}
          onExported={(message) => {
            setDialog(null);
            setStatus(message);
          }}
        />
      ) : null}
      {dialog === 'import' ? (
        <ImportRulesDialog
          onClose={() => setDialog(null)}
          onImported={(message) => {
            setDialog(null);
            setStatus(message);
            router.refresh();
          }}
        />
      ) : null}
      <RuleDetailsDrawer
        rule={hydrated ? selected : null}
        permissions={permissions}
        onClose={() => select(null)}
        onDeleted={(name) => {
          select(null);
          setStatus(t('deleted', { name }));
          router.refresh();
        }}
      />
    </div>
  );
}
