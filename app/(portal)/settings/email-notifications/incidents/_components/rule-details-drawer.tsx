'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import {
  Button,
  Divider,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Delete20Regular, Dismiss24Regular, Edit20Regular } from '@fluentui/react-icons';
import type { RuleView } from '@/lib/data/rule-views';
import { NAV_LINKS } from '@/components/app-shell/nav-links';
import { DeleteRuleDialog } from './delete-rule-dialog';
import { EmailPreviewPanel } from './email-preview/email-preview';
import { RULES_PATH, useWhenBy } from './labels';
import { RuleEnabledSwitch } from './rule-enabled-switch';
import { NotificationSettingsSummary, RecipientsSummary, SummaryItem, SummaryList } from './rule-summary';
import { RuleTestEmailButton, RuleTestEmailOutcome, useRuleTestEmail } from './rule-test-email';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBlockEnd: tokens.spacingVerticalL,
  },
  heading: { margin: 0 },
  footer: { flexDirection: 'column', alignItems: 'stretch', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export type RulePermissions = { create: boolean; update: boolean; delete: boolean; sendTestEmail: boolean };

export type RuleDetailsDrawerProps = {
  rule: RuleView | null;
  permissions: RulePermissions;
  onClose: () => void;
  onDeleted: (name: string) => void;
};

// The side pane of a selected rule: every setting, the email it sends, who changed it when, and (when
// permitted) the enable switch, Edit rule, Send test email and Delete. The page's permissions say what the user may do
// at all; a rule that also covers device groups they don't manage is read-only to them, and says so.
export function RuleDetailsDrawer({ rule, permissions, onClose, onDeleted }: RuleDetailsDrawerProps) {
  const t = useTranslations('rules');
  const deliveries = useTranslations('deliveries');
  const styles = useStyles();
  const router = useRouter();
  const whenBy = useWhenBy();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const testEmail = useRuleTestEmail();
  // Keep showing the last rule while the drawer animates closed.
  const [shown, setShown] = useState(rule);
  if (rule && rule !== shown) setShown(rule);
  const view = rule ?? shown;
  const deliveryLogHref = view ? `${NAV_LINKS.deliveries}?ruleId=${encodeURIComponent(view.id)}` : NAV_LINKS.deliveries;
  const manageable = view?.canManage === true;
  const allowed = {
    update: permissions.update && manageable,
    delete: permissions.delete && manageable,
    sendTestEmail: permissions.sendTestEmail && manageable,
  };
  // Only for someone who changes rules elsewhere: a reader needs no telling that they can't.
  const readOnly = view !== null && !manageable && (permissions.update || permissions.delete || permissions.sendTestEmail);

  return (
    <>
      <OverlayDrawer
        position="end"
        size="medium"
        // The pane steps aside while the delete confirmation is open: two Fluent modals stacked (drawer and
        // dialog) leave the pane aria-hidden after the dialog closes, lost to assistive technology.
        open={rule !== null && !confirmingDelete}
        onOpenChange={(_event, data) => {
          if (!data.open) onClose();
        }}
      >
        {view ? (
          <>
            <DrawerHeader>
              <DrawerHeaderTitle
                action={
                  <Button
                    appearance="subtle"
                    aria-label={t('details.close')}
                    icon={<Dismiss24Regular />}
                    onClick={onClose}
                  />
                }
              >
                {view.name}
              </DrawerHeaderTitle>
            </DrawerHeader>
            <DrawerBody className={styles.body}>
              {readOnly ? (
                <MessageBar intent="info">
                  <MessageBarBody>{t('details.readOnly')}</MessageBarBody>
                </MessageBar>
              ) : null}
              {allowed.update ? <RuleEnabledSwitch key={view.id} ruleId={view.id} enabled={view.enabled} /> : null}
              <SummaryList>
                {allowed.update ? null : (
                  <SummaryItem label={t('details.status')}>
                    {view.enabled ? t('list.enabled') : t('list.disabled')}
                  </SummaryItem>
                )}
                <SummaryItem label={t('basics.description')}>
                  {view.description.trim() ? view.description : <Text italic>{t('summary.none')}</Text>}
                </SummaryItem>
              </SummaryList>
              <Divider />
              <Subtitle2 as="h3" className={styles.heading}>
                {t('wizard.steps.notificationSettings')}
              </Subtitle2>
              <SummaryList>
                <NotificationSettingsSummary
                  values={view.values}
                  deviceGroupNames={view.deviceGroups.map((g) => g.name)}
                  hiddenDeviceGroupCount={view.hiddenDeviceGroupCount}
                />
              </SummaryList>
              <Divider />
              <Subtitle2 as="h3" className={styles.heading}>
                {t('details.recipients', { count: view.recipientCount })}
              </Subtitle2>
              <RecipientsSummary recipients={view.recipients} undeliverable={view.undeliverableRecipients} />
              <Divider />
              {/* Keyed by rule (unlike its siblings' keys: the switch has the bare id), so another rule starts
                  again from the sample incident. */}
              <EmailPreviewPanel key={`preview:${view.id}`} settings={view.values} />
              <Divider />
              <SummaryList>
                <SummaryItem label={t('details.created')}>{whenBy(view.createdAt, view.createdBy)}</SummaryItem>
                <SummaryItem label={t('details.modified')}>{whenBy(view.updatedAt, view.updatedBy)}</SummaryItem>
              </SummaryList>
              {/* Wrapped: a Link inherits the scrolling body's overflow, and would collapse as a flex item. */}
              <div>
                <Link
                  href={deliveryLogHref}
                  onClick={(event) => {
                    // A plain click navigates in the app; modified clicks open a tab as links do.
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    router.push(deliveryLogHref);
                  }}
                >
                  {deliveries('viewLog')}
                </Link>
              </div>
            </DrawerBody>
            {allowed.update || allowed.sendTestEmail || allowed.delete ? (
              <DrawerFooter className={styles.footer}>
                {/* Above the buttons, not in the scrolling body: the answer shows where the user clicked. */}
                {allowed.sendTestEmail ? <RuleTestEmailOutcome outcome={testEmail.outcomeFor(view.id)} /> : null}
                <div className={styles.actions}>
                  {allowed.update ? (
                    <Button
                      appearance="primary"
                      icon={<Edit20Regular />}
                      onClick={() => router.push(`${RULES_PATH}/${encodeURIComponent(view.id)}/edit`)}
                    >
                      {t('details.edit')}
                    </Button>
                  ) : null}
                  {allowed.sendTestEmail ? (
                    <RuleTestEmailButton pending={testEmail.pending} onClick={() => testEmail.send(view.id)} />
                  ) : null}
                  {allowed.delete ? (
                    <Button icon={<Delete20Regular />} onClick={() => setConfirmingDelete(true)}>
                      {t('details.delete')}
                    </Button>
                  ) : null}
                </div>
              </DrawerFooter>
            ) : null}
          </>
        ) : null}
      </OverlayDrawer>
      {allowed.delete && view ? (
        <DeleteRuleDialog
          rule={view}
          open={confirmingDelete}
          onOpenChange={setConfirmingDelete}
          onDeleted={() => {
            setConfirmingDelete(false);
            onDeleted(view.name);
          }}
        />
      ) : null}
    </>
  );
}
