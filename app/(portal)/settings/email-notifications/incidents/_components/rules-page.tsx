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
import { Add24Regular } from '@fluentui/react-icons';
import type { RuleView } from '@/lib/data/rule-views';
import { RULES_PATH } from './labels';
import { RuleDetailsDrawer, type RulePermissions } from './rule-details-drawer';
import { RulesGrid } from './rules-grid';

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
  permissions: RulePermissions;
};

// The incident notification rules list: command bar, rules grid, and the selected rule's side pane.
// ?rule=<id> opens with that rule selected (the wizard lands here that way after saving).
export function RulesPage({ rules, initialSelectedId, permissions }: RulesPageProps) {
  const t = useTranslations('rules.list');
  const styles = useStyles();
  const router = useRouter();
  const [selectedId, setSelectedId] = useState(initialSelectedId);
  const [lastInitial, setLastInitial] = useState(initialSelectedId);
  const [status, setStatus] = useState<string | null>(null);
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
        {permissions.create ? (
          <Toolbar aria-label={t('commandBar')}>
            <ToolbarButton appearance="subtle" icon={<Add24Regular />} onClick={() => router.push(`${RULES_PATH}/new`)}>
              {t('add')}
            </ToolbarButton>
          </Toolbar>
        ) : (
          <span />
        )}
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
