'use client';

import { useMemo } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  Button,
  createTableColumn,
  makeStyles,
  Text,
  tokens,
  Tooltip,
  useRestoreFocusTarget,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_UTC } from '@/components/date-formats';
import { ProhibitedRegular } from '@fluentui/react-icons';
import type { ApiKeyView } from '@/lib/data/api-keys';

export type ApiKeyGridProps = {
  keys: ApiKeyView[];
  // Without it the grid is read-only: no actions column at all.
  onRevoke?: (key: ApiKeyView) => void;
};

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  prefix: { fontFamily: tokens.fontFamilyMonospace },
  status: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  empty: { paddingBlock: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

export function ApiKeyGrid({ keys, onRevoke }: ApiKeyGridProps) {
  const t = useTranslations('apiKeys');
  const format = useFormatter();
  const styles = useStyles();
  const restoreFocusTarget = useRestoreFocusTarget();

  const columns = useMemo(() => {
    const date = (iso: string) => format.dateTime(new Date(iso), DATE_TIME_UTC);
    // Keys registered at start from INCIDENTS_API_KEY are created by "system:bootstrap", not by a person.
    const author = (createdBy: string | null) => (createdBy?.startsWith('system:') ? t('system') : createdBy);
    const list: TableColumnDefinition<ApiKeyView>[] = [
      createTableColumn<ApiKeyView>({
        columnId: 'name',
        compare: (a, b) => a.name.localeCompare(b.name),
        renderHeaderCell: () => t('columns.name'),
        renderCell: (key) => <Text weight="semibold">{key.name}</Text>,
      }),
      createTableColumn<ApiKeyView>({
        columnId: 'prefix',
        renderHeaderCell: () => t('columns.prefix'),
        renderCell: (key) => <span className={styles.prefix}>{t('prefixValue', { prefix: key.prefix })}</span>,
      }),
      createTableColumn<ApiKeyView>({
        columnId: 'created',
        compare: (a, b) => a.createdAt.localeCompare(b.createdAt),
        renderHeaderCell: () => t('columns.created'),
        renderCell: (key) => {
          const name = author(key.createdBy);
          return name ? t('dateBy', { date: date(key.createdAt), name }) : date(key.createdAt);
        },
      }),
      createTableColumn<ApiKeyView>({
        columnId: 'lastUsed',
        compare: (a, b) => (a.lastUsedAt ?? '').localeCompare(b.lastUsedAt ?? ''),
        renderHeaderCell: () => t('columns.lastUsed'),
        renderCell: (key) =>
          key.lastUsedAt ? date(key.lastUsedAt) : <span className={styles.muted}>{t('never')}</span>,
      }),
      createTableColumn<ApiKeyView>({
        columnId: 'status',
        compare: (a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null),
        renderHeaderCell: () => t('columns.status'),
        renderCell: (key) =>
          key.revokedAt ? (
            <span className={styles.status}>
              <Badge appearance="tint" color="danger">
                {t('revoked')}
              </Badge>
              <Text size={200} className={styles.muted}>
                {t('revokedAt', { date: date(key.revokedAt!) })}
              </Text>
            </span>
          ) : (
            <Badge appearance="tint" color="success">
              {t('active')}
            </Badge>
          ),
      }),
    ];
    if (onRevoke) {
      list.push(
        createTableColumn<ApiKeyView>({
          columnId: 'actions',
          renderHeaderCell: () => t('columns.actions'),
          renderCell: (key) =>
            key.revokedAt ? null : (
              <Tooltip content={t('revokeLabel', { name: key.name })} relationship="label">
                <Button
                  appearance="subtle"
                  icon={<ProhibitedRegular />}
                  onClick={() => onRevoke(key)}
                  {...restoreFocusTarget}
                />
              </Tooltip>
            ),
        }),
      );
    }
    return list;
  }, [t, format, styles, restoreFocusTarget, onRevoke]);

  return (
    <>
      <ListGrid
        items={keys}
        columns={columns}
        getRowId={(key: ApiKeyView) => key.id}
        label={t('gridLabel')}
        interactiveColumn="actions"
        sortable
      />
      {keys.length === 0 ? <Text className={styles.empty}>{t('empty')}</Text> : null}
    </>
  );
}
