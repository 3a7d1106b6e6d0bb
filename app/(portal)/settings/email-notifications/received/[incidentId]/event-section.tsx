'use client';

import { Fragment } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  Body1,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { IncidentEventView } from '@/lib/data/incident-detail';
import type { DigestState, RecipientOutcome, RuleOutcome } from '@/lib/rules/explain';
import { useIncidentLabels } from '../labels';

export type EventSectionProps = { event: IncidentEventView };

const useStyles = makeStyles({
  event: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  changes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  stack: { display: 'flex', flexDirection: 'column' },
});

// One event: what changed, and the rule × recipient table of who was emailed and why not (the table is
// also the dry run's, which shows what would happen the same way).
export function EventSection({ event }: EventSectionProps) {
  const t = useTranslations('incidents.detail');
  const format = useFormatter();
  const labels = useIncidentLabels();
  const styles = useStyles();
  const when = format.dateTime(new Date(event.receivedAt), DATE_TIME_SECONDS_UTC);
  const value = (field: string, raw: string | null) => (raw === null ? '—' : field.endsWith('status') ? labels.status(raw) : labels.severity(raw));
  const { explanation } = event;

  return (
    <article className={styles.event} aria-label={`${t(`event.${event.kind}`)} ${when}`}>
      <Subtitle2 as="h3">
        {t(`event.${event.kind}`)} · <time dateTime={event.receivedAt}>{when}</time>
      </Subtitle2>
      {event.changes.length > 0 ? (
        <>
          <Text weight="semibold">{t('changesTitle')}</Text>
          <ul className={styles.changes}>
            {event.changes.map((change, index) => (
              <li key={index}>
                {t(`changes.${change.field}`, { alert: change.alertId ?? '', from: value(change.field, change.from), to: value(change.field, change.to) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {event.hiddenChangeCount > 0 ? <Text className={styles.muted}>{t('hiddenChanges', { count: event.hiddenChangeCount })}</Text> : null}
      <Text weight="semibold">{t('decisionsTitle')}</Text>
      {!explanation.recorded ? (
        <Body1>{t(explanation.why === 'noAlerts' ? 'noAlertsEvent' : 'notRecorded')}</Body1>
      ) : (
        <>
          {explanation.rules.length === 0 && explanation.hiddenRuleCount === 0 ? <Body1>{t('noRules')}</Body1> : null}
          {explanation.rules.length > 0 ? <DecisionTable rules={explanation.rules} label={t('decisionsLabel', { date: when })} /> : null}
          {explanation.hiddenRuleCount > 0 ? <Text className={styles.muted}>{t('hiddenRules', { count: explanation.hiddenRuleCount })}</Text> : null}
        </>
      )}
    </article>
  );
}

// `dryRun`: what would happen, so nothing has a delivery time yet.
export function DecisionTable({ rules, label, dryRun = false }: { rules: RuleOutcome[]; label: string; dryRun?: boolean }) {
  const t = useTranslations('incidents.detail');
  const styles = useStyles();
  const ruleName = (rule: RuleOutcome) => (rule.deleted ? t('deletedRule', { name: rule.ruleName }) : rule.ruleName);
  return (
    <div className={styles.scroll}>
      <Table aria-label={label} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('columns.rule')}</TableHeaderCell>
            <TableHeaderCell>{t('columns.recipient')}</TableHeaderCell>
            <TableHeaderCell>{t('columns.outcome')}</TableHeaderCell>
            <TableHeaderCell>{t('columns.detail')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rules.map((rule) =>
            rule.matched ? (
              <Fragment key={rule.ruleId}>
                {rule.recipients.map((recipient) => (
                  <TableRow key={recipient.email}>
                    <TableCell>{ruleName(rule)}</TableCell>
                    <TableCell>{recipient.email}</TableCell>
                    <RecipientCells recipient={recipient} dryRun={dryRun} />
                  </TableRow>
                ))}
              </Fragment>
            ) : (
              <TableRow key={rule.ruleId}>
                <TableCell>{ruleName(rule)}</TableCell>
                <TableCell>{t('allRecipients', { count: rule.recipientCount })}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color="subtle">
                    {t(dryRun ? 'wouldNotEmail' : 'notEmailed')}
                  </Badge>
                </TableCell>
                <TableCell>{t(`ruleReason.${rule.reason}`)}</TableCell>
              </TableRow>
            ),
          )}
        </TableBody>
      </Table>
    </div>
  );
}

function RecipientCells({ recipient, dryRun }: { recipient: RecipientOutcome; dryRun: boolean }) {
  const t = useTranslations('incidents.detail');
  const severities = useTranslations('sources.severity');
  const format = useFormatter();
  const styles = useStyles();
  const date = (iso: string) => format.dateTime(new Date(iso), DATE_TIME_SECONDS_UTC);
  // Sent or due with its time; a failed or unsent digest has no time worth showing.
  const digestText = ({ state, at }: { state: DigestState; at: string | null }) => {
    if (state === 'failed') return t('digestFailed');
    if (state === 'notSent' || at === null) return t('digestNotSent');
    return t(state === 'sent' ? 'digestSent' : 'digestDue', { date: date(at) });
  };
  if (!recipient.emailed) {
    return (
      <>
        <TableCell>
          <Badge appearance="tint" color="warning">
            {t(dryRun ? 'wouldNotEmail' : 'notEmailed')}
          </Badge>
        </TableCell>
        <TableCell>
          <span className={styles.stack}>
            <Text>{t(`recipientReason.${recipient.reason}`)}</Text>
            {recipient.detail ? <Text className={styles.muted}>{recipient.detail}</Text> : null}
            {recipient.held ? (
              <Text className={styles.muted}>
                {t('heldCap', {
                  scope: recipient.held.scope === 'rule' && recipient.held.ruleName === null ? 'hiddenRule' : recipient.held.scope,
                  ruleName: recipient.held.ruleName ?? '',
                  limit: recipient.held.limit,
                  severity: severities(recipient.held.severity),
                  period: recipient.held.period,
                })}
              </Text>
            ) : null}
            {recipient.digest ? <Text className={styles.muted}>{digestText(recipient.digest)}</Text> : null}
            {recipient.joinedAt ? <Text className={styles.muted}>{t('joined', { date: date(recipient.joinedAt), joined: recipient.joinedStatus ?? 'other' })}</Text> : null}
          </span>
        </TableCell>
      </>
    );
  }
  if (dryRun) {
    return (
      <>
        <TableCell>
          <Badge appearance="tint" color="success">
            {t('wouldEmail')}
          </Badge>
        </TableCell>
        <TableCell>{t('wouldEmailDetail')}</TableCell>
      </>
    );
  }
  return (
    <>
      <TableCell>
        {/* A send that failed for good reached nobody. */}
        <Badge appearance="tint" color={recipient.status === 'failed' ? 'danger' : 'success'}>
          {t(recipient.status === 'failed' ? 'notEmailed' : 'emailed')}
        </Badge>
      </TableCell>
      <TableCell>
        <span className={styles.stack}>
          <Text>{t(`deliveryStatus.${recipient.status}`, { date: date(recipient.at) })}</Text>
          {recipient.provider ? (
            <Text className={styles.muted}>
              {t(`provider.${recipient.provider.status}`, { date: date(recipient.provider.at) })}
              {recipient.provider.reason ? ` — ${recipient.provider.reason}` : ''}
            </Text>
          ) : null}
        </span>
      </TableCell>
    </>
  );
}
