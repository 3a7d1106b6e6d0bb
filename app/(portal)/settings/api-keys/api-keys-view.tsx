'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button, useRestoreFocusTarget } from '@fluentui/react-components';
import { SettingsListPage } from '@/components/settings-list-page';
import { AddRegular } from '@fluentui/react-icons';
import type { ApiKeyView } from '@/lib/data/api-keys';
import { ApiKeyCreatedDialog, type CreatedApiKey, type CreatedSigningSecret } from './api-key-created-dialog';
import { ApiKeyGrid, type ApiKeyAction } from './api-key-grid';
import { ApiKeySigningDialog, type SigningChange } from './api-key-signing-dialog';
import { CreateApiKeyDialog } from './create-api-key-dialog';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog';

type Editing =
  | { kind: 'create' }
  | { kind: 'created'; key: CreatedApiKey }
  | { kind: 'revoke'; key: ApiKeyView }
  | { kind: 'signing'; change: SigningChange; key: ApiKeyView }
  | { kind: 'signingSecret'; secret: CreatedSigningSecret };

const SIGNING_CHANGES: Record<Exclude<ApiKeyAction, 'revoke'>, SigningChange> = {
  enableSigning: 'enable',
  rotateSigning: 'rotate',
  disableSigning: 'disable',
};

// The API keys page: heading, what keys are for, the grid, and (for managers) create, revoke and signing.
// `keys` come from a server component typed as ApiKeyView, which carries the prefix and never the key.
export function ApiKeysView({ keys, canManage }: { keys: ApiKeyView[]; canManage: boolean }) {
  const t = useTranslations('apiKeys');
  const router = useRouter();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const restoreFocusTarget = useRestoreFocusTarget();

  const close = () => setEditing(null);
  const onAction = (action: ApiKeyAction, key: ApiKeyView) =>
    setEditing(
      action === 'revoke' ? { kind: 'revoke', key } : { kind: 'signing', change: SIGNING_CHANGES[action], key },
    );

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
              onClick={() => setEditing({ kind: 'create' })}
              {...restoreFocusTarget}
            >
              {t('create')}
            </Button>
          ) : null}
        </>
      }
      count={t('count', { count: keys.length })}
    >
      <ApiKeyGrid keys={keys} onAction={canManage ? onAction : undefined} />
      {editing?.kind === 'create' ? (
        <CreateApiKeyDialog
          onClose={close}
          onCreated={(key) => {
            // The key is held in this state only, until the dialog showing it closes.
            setEditing({ kind: 'created', key });
            setNotice(t('created', { name: key.name }));
            router.refresh();
          }}
        />
      ) : null}
      {editing?.kind === 'created' ? <ApiKeyCreatedDialog apiKey={editing.key} onClose={close} /> : null}
      {editing?.kind === 'revoke' ? (
        <RevokeApiKeyDialog
          apiKey={editing.key}
          onClose={close}
          onRevoked={() => {
            setEditing(null);
            setNotice(t('revokedNotice', { name: editing.key.name }));
            router.refresh();
          }}
        />
      ) : null}
      {editing?.kind === 'signing' ? (
        <ApiKeySigningDialog
          apiKey={editing.key}
          change={editing.change}
          onClose={close}
          onChanged={(secret) => {
            const name = editing.key.name;
            // Like a new key, the secret is held in this state only, until the dialog showing it closes.
            setEditing(secret ? { kind: 'signingSecret', secret: { name, secret } } : null);
            setNotice(t(`signing.${editing.change}.notice`, { name }));
            router.refresh();
          }}
        />
      ) : null}
      {editing?.kind === 'signingSecret' ? (
        <ApiKeyCreatedDialog signingSecret={editing.secret} onClose={close} />
      ) : null}
    </SettingsListPage>
  );
}
