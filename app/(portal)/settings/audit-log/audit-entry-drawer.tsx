'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  mergeClasses,
  OverlayDrawer,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { DescribedChange, DescribedEntry } from '@/lib/audit-log/describe';

export type AuditEntryDrawerProps = { entry: DescribedEntry | null; onClose: () => void };

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, paddingBlockEnd: tokens.spacingVerticalL },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  lines: { listStyle: 'none', margin: 0, padding: 0 },
  line: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  removed: { color: tokens.colorPaletteRedForeground1, textDecorationLine: 'line-through' },
  added: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  field: { fontWeight: tokens.fontWeightSemibold, verticalAlign: 'top' },
  cell: { verticalAlign: 'top' },
  visuallyHidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

// One side of a changed field. In a list (recipients, device groups…) the lines the other side lacks are
// marked, so what was added or removed stands out; the marks are spelled out for screen readers.
function Lines({ lines, other, side }: { lines: string[]; other: string[]; side: 'before' | 'after' }) {
  const t = useTranslations('auditLog');
  const styles = useStyles();
  if (lines.length === 0) return <Text className={styles.muted}>{t('none')}</Text>;
  const marked = lines.length > 1 || other.length > 1;
  return (
    <ul className={styles.lines}>
      {lines.map((line, index) => {
        const changed = marked && !other.includes(line);
        const style = changed ? (side === 'before' ? styles.removed : styles.added) : undefined;
        return (
          <li key={`${index}-${line}`} className={mergeClasses(styles.line, style)}>
            {changed ? <span className={styles.visuallyHidden}>{`${t(side === 'before' ? 'diff.removed' : 'diff.added')}: `}</span> : null}
            {line}
          </li>
        );
      })}
    </ul>
  );
}

function ChangeRow({ change }: { change: DescribedChange }) {
  const styles = useStyles();
  return (
    <TableRow>
      <TableCell className={styles.field}>{change.field}</TableCell>
      <TableCell className={styles.cell}>
        <Lines lines={change.before} other={change.after} side="before" />
      </TableCell>
      <TableCell className={styles.cell}>
        <Lines lines={change.after} other={change.before} side="after" />
      </TableCell>
    </TableRow>
  );
}

// The side pane of one entry: when, who, what, and each changed field before and after.
export function AuditEntryDrawer({ entry, onClose }: AuditEntryDrawerProps) {
  const t = useTranslations('auditLog');
  const format = useFormatter();
  const styles = useStyles();
  // Keep showing the last entry while the drawer animates closed.
  const [shown, setShown] = useState(entry);
  if (entry && entry !== shown) setShown(entry);
  const view = entry ?? shown;

  return (
    <OverlayDrawer position="end" size="large" open={entry !== null} onOpenChange={(_event, data) => (data.open ? null : onClose())}>
      {view ? (
        <>
          <DrawerHeader>
            <DrawerHeaderTitle
              action={<Button appearance="subtle" aria-label={t('diff.close')} icon={<Dismiss24Regular />} onClick={onClose} />}
            >
              {t('diff.title', { action: view.action, name: view.targetName })}
            </DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody className={styles.body}>
            <dl className={styles.facts}>
              <dt className={styles.term}>{t('diff.when')}</dt>
              <dd className={styles.detail}>
                <time dateTime={view.createdAt}>{format.dateTime(new Date(view.createdAt), DATE_TIME_SECONDS_UTC)}</time>
              </dd>
              <dt className={styles.term}>{t('diff.who')}</dt>
              <dd className={styles.detail}>{view.actor}</dd>
              <dt className={styles.term}>{t('diff.target')}</dt>
              <dd className={styles.detail}>{`${view.targetType}: ${view.targetName}`}</dd>
            </dl>
            {view.changes.length > 0 ? (
              <Table aria-label={t('diff.tableLabel')} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('diff.field')}</TableHeaderCell>
                    <TableHeaderCell>{t('diff.before')}</TableHeaderCell>
                    <TableHeaderCell>{t('diff.after')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {view.changes.map((change) => (
                    <ChangeRow key={change.field} change={change} />
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Text>{t('noChanges')}</Text>
            )}
          </DrawerBody>
        </>
      ) : null}
    </OverlayDrawer>
  );
}
