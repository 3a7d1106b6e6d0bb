'use client';

import { useTranslations } from 'next-intl';
import { Button, useRestoreFocusTarget } from '@fluentui/react-components';
import { SettingsListPage } from '@/components/settings-list-page';
import { useListEditing } from '@/components/use-list-editing';
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
  const { editing, notice, edit: setEditing, close, done } = useListEditing<Editing>();
  const restoreFocusTarget = useRestoreFocusTarget();

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
          // The key is held in this state only, until the dialog showing it closes.
          onCreated={(key) => done(t('created', { name: key.name }), { kind: 'created', key })}
        />
      ) : null}
      {editing?.kind === 'created' ? <ApiKeyCreatedDialog apiKey={editing.key} onClose={close} /> : null}
      {editing?.kind === 'revoke' ? (
        <RevokeApiKeyDialog
          apiKey={editing.key}
          onClose={close}
          onRevoked={() => done(t('revokedNotice', { name: editing.key.name }))}
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
            done(t(`signing.${editing.change}.notice`, { name }), secret ? { kind: 'signingSecret', secret: { name, secret } } : null);
          }}
        />
      ) : null}
      {editing?.kind === 'signingSecret' ? (
        <ApiKeyCreatedDialog signingSecret={editing.secret} onClose={close} />
      ) : null}
    </SettingsListPage>
  );
}
