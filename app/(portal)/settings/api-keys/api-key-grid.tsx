'use client';

import { useMemo, type ReactElement } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  createTableColumn,
  makeStyles,
  Text,
  tokens,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { RowAction } from '@/components/row-action';
import { ListGrid } from '@/components/list-grid';
import { DATE_TIME_UTC } from '@/components/date-formats';
import { ArrowSyncRegular, LockClosedRegular, LockOpenRegular, ProhibitedRegular } from '@fluentui/react-icons';
import type { ApiKeyView } from '@/lib/data/api-keys';

export type ApiKeyAction = 'revoke' | 'enableSigning' | 'rotateSigning' | 'disableSigning';

export type ApiKeyGridProps = {
  keys: ApiKeyView[];
  // Without it the grid is read-only: no actions column at all.
  onAction?: (action: ApiKeyAction, key: ApiKeyView) => void;
};

const useStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground3 },
  prefix: { fontFamily: tokens.fontFamilyMonospace },
  status: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  empty: { paddingBlock: tokens.spacingVerticalL, color: tokens.colorNeutralForeground3 },
});

export function ApiKeyGrid({ keys, onAction }: ApiKeyGridProps) {
  const t = useTranslations('apiKeys');
  const format = useFormatter();
  const styles = useStyles();

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
      createTableColumn<ApiKeyView>({
        columnId: 'scopes',
        renderHeaderCell: () => t('columns.scopes'),
        renderCell: (key) => key.scopes.map((scope) => t(`scopes.${scope}`)).join(', '),
      }),
      createTableColumn<ApiKeyView>({
        columnId: 'signing',
        compare: (a, b) => Number(a.signing) - Number(b.signing),
        renderHeaderCell: () => t('columns.signing'),
        renderCell: (key) =>
          key.signing ? (
            <Badge appearance="tint" color="brand">
              {t('signingRequired')}
            </Badge>
          ) : (
            <span className={styles.muted}>{t('signingOff')}</span>
          ),
      }),
    ];
    if (onAction) {
      const action = (kind: ApiKeyAction, key: ApiKeyView, label: string, icon: ReactElement) => (
        <RowAction label={label} icon={icon} onClick={() => onAction(kind, key)} />
      );
      list.push(
        createTableColumn<ApiKeyView>({
          columnId: 'actions',
          renderHeaderCell: () => t('columns.actions'),
          // A revoked key accepts nothing: neither revoking again nor its signing can change anything.
          renderCell: (key) =>
            key.revokedAt ? null : (
              <span className={styles.actions}>
                {key.signing ? (
                  <>
                    {action('rotateSigning', key, t('rotateSigningLabel', { name: key.name }), <ArrowSyncRegular />)}
                    {action('disableSigning', key, t('disableSigningLabel', { name: key.name }), <LockOpenRegular />)}
                  </>
                ) : (
                  action('enableSigning', key, t('enableSigningLabel', { name: key.name }), <LockClosedRegular />)
                )}
                {action('revoke', key, t('revokeLabel', { name: key.name }), <ProhibitedRegular />)}
              </span>
            ),
        }),
      );
    }
    return list;
  }, [t, format, styles, onAction]);

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
