'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';

export type CreatedApiKey = { name: string; key: string; prefix: string };
export type CreatedSigningSecret = { name: string; secret: string };

// Either a new key or a key's new signing secret: both exist outside the database only this once.
export type ApiKeyCreatedDialogProps =
  | { apiKey: CreatedApiKey; signingSecret?: never; onClose: () => void }
  | { signingSecret: CreatedSigningSecret; apiKey?: never; onClose: () => void };

const INGEST_PATH = '/api/incidents';
const OPENAPI_PATH = '/api/incidents/openapi.json';
// As lib/incidents/http/signature.ts checks it.
const SIGNATURE_FORMAT = 'X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  keyRow: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  keyField: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  heading: { margin: 0 },
  code: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    overflowX: 'auto',
    whiteSpace: 'pre',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

// Shows a newly created key, or a key's new signing secret, the one time it exists outside the database
// (only a key's hash is stored; the secret is never shown again). An alert dialog: a click beside it must
// not throw the value away.
export function ApiKeyCreatedDialog({ apiKey, signingSecret, onClose }: ApiKeyCreatedDialogProps) {
  const t = useTranslations(apiKey ? 'apiKeys.createdDialog' : 'apiKeys.signingSecretDialog');
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'copied' | 'failed' | null>(null);
  // Mounted only after a click, never rendered on the server.
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const value = apiKey ? apiKey.key : signingSecret.secret;
  const name = apiKey ? apiKey.name : signingSecret.name;
  const example = apiKey
    ? [
        `curl -X POST ${origin}${INGEST_PATH} \\`,
        `  -H "Authorization: Bearer ${apiKey.key}" \\`,
        '  -H "Content-Type: application/json" \\',
        '  --data @incident.json',
      ].join('\n')
    : [
        SIGNATURE_FORMAT,
        '',
        't=$(date +%s)',
        `sig=$( (printf '%s.' "$t"; cat incident.json) | openssl dgst -sha256 -hmac "$SIGNING_SECRET" | awk '{print $NF}')`,
        `curl -X POST ${origin}${INGEST_PATH} \\`,
        '  -H "Authorization: Bearer $API_KEY" \\',
        '  -H "X-Signature: t=$t,v1=$sig" \\',
        '  -H "Content-Type: application/json" \\',
        '  --data-binary @incident.json',
      ].join('\n');

  const copyKey = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopy('copied');
    } catch {
      // No clipboard access (permissions, insecure origin): leave the key selected for Ctrl+C.
      input.current?.select();
      setCopy('failed');
    }
  };

  return (
    <Dialog modalType="alert" open onOpenChange={(_event, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('title', { name })}</DialogTitle>
          <DialogContent className={styles.content}>
            <MessageBar intent="warning">
              <MessageBarBody>{t('once')}</MessageBarBody>
            </MessageBar>
            <div className={styles.keyRow}>
              <Field label={t('key')} className={styles.keyField}>
                <Input
                  ref={input}
                  readOnly
                  value={value}
                  className={styles.mono}
                  onFocus={(event) => event.currentTarget.select()}
                />
              </Field>
              <Button icon={<CopyRegular />} onClick={copyKey}>
                {t('copy')}
              </Button>
            </div>
            <div role="status">
              {copy ? (
                <Text size={200}>{copy === 'copied' ? t('copied') : t('copyFailed')}</Text>
              ) : null}
            </div>
            <Subtitle2 as="h3" className={styles.heading}>
              {t('usageTitle')}
            </Subtitle2>
            <Text>{t('usage')}</Text>
            <pre className={styles.code}>{example}</pre>
            <Text>
              {t.rich('openApi', {
                link: (chunks) => (
                  <Link href={OPENAPI_PATH} target="_blank" rel="noopener noreferrer">
                    {chunks}
                  </Link>
                ),
              })}
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t('done')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
